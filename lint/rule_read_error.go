package lint

var ruleReadError = register(&Rule{
	ID:       "VX000",
	Name:     "read-error",
	Title:    "A file could not be read",
	Severity: Error,
	Tier:     TierInput,
	Doc: `A file named on the command line, or found in a directory, could not be opened or read
(permissions, a broken link, or more than 16 MiB). Nothing in it was checked, so vxjob exits 2.`,
	Sources: []Source{
		judgement("A file that cannot be read cannot be checked, so the run fails with exit status 2 instead of passing it silently; the 16 MiB limit is vxjob's own bound on what one file may cost."),
	},
})
