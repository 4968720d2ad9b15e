package lint

import (
	"regexp"
	"slices"
	"strings"

	"github.com/vxjob/vxjob/spec"
)

var ruleEnvNames = register(&Rule{
	ID:         "VX213",
	Name:       "env-names",
	Title:      "An environment variable name that is not a C identifier, repeats, or is one too many",
	Severity:   Error,
	Tier:       TierSemantic,
	ValueLevel: true,
	Doc: `The env list of a containerSpec or pythonPackageSpec (EnvVar in the Vertex AI API) holds at
most 100 variables, and each name "must be a valid C identifier": a letter or underscore, then
letters, digits and underscores ([A-Za-z_][A-Za-z0-9_]*). A dash or a dot, common in names
copied from configuration keys, is not allowed, nor is a leading digit. A name set twice in one
list is a mistake, since only one of the values can reach the container; no source says Vertex AI
refuses it, so that is a warning. Each list is checked on its own, so pools, and a pool's
containerSpec and pythonPackageSpec, may set the same name.`,
	Sources: []Source{
		documented(protoEnvVar, "EnvVar name: \"Required. Name of the environment variable. Must be a valid C identifier.\""),
		documented(refContainerSpec, "ContainerSpec env: \"Maximum limit is 100\" (PythonPackageSpec's env says the same)."),
		judgement("A name set twice in one list can give the container only one of its values; no source shows Vertex AI refusing it, so it is a warning."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec:
        imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0
        env:
        - {name: batch-size, value: "64"}
        - {name: EPOCHS, value: "10"}
        - {name: EPOCHS, value: "20"}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec:
        imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0
        env:
        - {name: BATCH_SIZE, value: "64"}
        - {name: EPOCHS, value: "20"}
`,
	Run: runEnvNames,
})

const maxEnvVars = 100

var cIdentifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func runEnvNames(p *Pass) {
	for _, env := range taskValues(p, "env", "env") {
		if n := env.Len(); n > maxEnvVars {
			d := p.ReportKeyf(env, "%d environment variables; at most %d are allowed", n, maxEnvVars)
			d.Detail = "Vertex AI takes at most 100 entries in the env list of a containerSpec or pythonPackageSpec."
		}
		first := make(map[string]spec.Value, env.Len())
		for _, item := range env.Items() {
			name := item.Get("name")
			s := name.Str()
			if _, vars := replaceVars(s, ""); vars {
				continue // a vxjob variable: the name is not known yet
			}
			if !cIdentifier.MatchString(s) {
				reportEnvName(p, name, s, env)
			}
			if prev, ok := first[s]; ok {
				d := p.Reportf(name, "environment variable %s is set more than once in this list; first at line %d",
					s, p.Doc.ValueRange(prev.Path()).Start.Line)
				d.Detail = "Only one of the values can reach the container. Keep one entry."
				d.Severity = Warning // vxjob's advice: no source shows Vertex AI refusing it
				continue
			}
			first[s] = name
		}
	}
}

// reportEnvName says what makes s not a C identifier.
func reportEnvName(p *Pass, name spec.Value, s string, env spec.Value) {
	const detail = "Vertex AI takes names that are C identifiers: a letter or underscore, then letters, digits and underscores."
	if s == "" {
		d := p.Reportf(name, "environment variable name is empty")
		d.Detail = detail
		return
	}
	var bad []string
	for _, r := range s {
		if !isIdentChar(r) && !slices.Contains(bad, string(r)) {
			bad = append(bad, string(r))
		}
	}
	var d *Diagnostic
	if len(bad) > 0 {
		d = p.Reportf(name, "environment variable name %q contains %s, which is not allowed", s, quoteList(bad))
		if len(bad) > 1 {
			d.Summary = strings.Replace(d.Summary, "which is not", "which are not", 1)
		}
	} else {
		d = p.Reportf(name, "environment variable name %q starts with a digit", s)
	}
	d.Detail = detail
	// my-var and my.var are usually meant as MY_VAR's spelling in another
	// convention; the underscore form is the one fix that keeps the words.
	if fix := strings.NewReplacer("-", "_", ".", "_").Replace(s); fix != s && cIdentifier.MatchString(fix) && !envHasName(env, fix) {
		d.Suggestion = fix
	}
}

func isIdentChar(r rune) bool {
	return r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
}

func envHasName(env spec.Value, name string) bool {
	for _, item := range env.Items() {
		if item.Get("name").Str() == name {
			return true
		}
	}
	return false
}
