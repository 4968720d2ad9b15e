package lint

var ruleConfig = register(&Rule{
	ID:       "VX009",
	Name:     "config",
	Title:    "The configuration file (.vxjob.yaml) is not valid",
	Severity: Error,
	Tier:     TierInput,
	Doc: `.vxjob.yaml sets defaults for project and location, pools files, rule severities and paths to
skip (schema: vxjob schema config). A mistake in it would change what every run checks, so vxjob
reports it with its position and exits 2 instead of guessing.`,
	Sources: []Source{
		judgement("The configuration decides what every run checks, so vxjob refuses to guess past a mistake in it."),
	},
})
