package lint

import (
	"unicode/utf8"

	"github.com/vxjob/vxjob/internal/secret"
	"github.com/vxjob/vxjob/spec"
)

var rulePlaintextSecret = register(&Rule{
	ID:         "VX215",
	Name:       "plaintext-secret",
	Title:      "A password, token or key written in plain text in the job",
	Severity:   Warning,
	Tier:       TierSemantic,
	ValueLevel: true,
	Doc: `A secret written in a job file is read by everyone who can read the repository, and Vertex AI
keeps it in the job's spec, where everyone allowed to view the project's jobs sees it (EnvVar
values and args are not secret fields). Store it in Secret Manager and have the code read it at
run time, as the job's service account, or read it from a mounted file; and rotate it if it has
been committed or run.

Checked, in every worker pool's containerSpec and pythonPackageSpec:
- env values whose name says they are a secret: a name part TOKEN, SECRET, PASSWORD, PASSWD,
  PASSPHRASE, CREDENTIAL(S) or an API, ACCESS, PRIVATE, SECRET or SIGNING KEY (HF_TOKEN,
  WANDB_API_KEY, dbPassword), and a literal value: not a Vertex $(VAR) reference or a vxjob
  ${VAR} variable, not a placeholder (changeme, <token>, xxxx), a path, a URL or a Secret Manager
  name (projects/…/secrets/…), a boolean or a number. Names that are about a secret rather than
  the secret itself are left alone: TOKEN_FILE, SECRET_NAME, PASSWORD_MIN_LENGTH, USE_AUTH_TOKEN.
- env values, args and command items that have the shape of a well-known credential, whatever
  the name: AWS access key IDs, GitHub, GitLab, Slack, Hugging Face and OpenAI-style tokens,
  Google and Stripe API keys, PEM private keys, and passwords in URLs (postgres://user:pw@host).
- args and command items --name=value and --name value, with the same rules for name and value.
Not checked: the words of a shell command line (sh -c "... --password x"), short flags (-p x),
and values under names that do not say they are secrets. vxjob never prints the value: the
message gives its length, and text output masks it in the source line.`,
	Sources: []Source{
		documented(refContainerSpec, "ContainerSpec's env is a list of plain EnvVar name and value strings, kept in the CustomJob resource like args and command."),
		judgement("A secret written in a job file is read by everyone with the repository; Secret Manager, read at run time by the job's service account, keeps it out."),
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
        - {name: WANDB_API_KEY, value: 5f2c9a1e7b3d4c6e8f0a}
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
        # The trainer reads the key from Secret Manager.
        - {name: WANDB_API_KEY_SECRET, value: projects/my-project/secrets/wandb-api-key/versions/3}
`,
	Run: runPlaintextSecret,
})

const secretDetail = "Anyone who can read this file or view the job can read the value. Store it in Secret Manager and read it at run time, or read it from a mounted file; and rotate it if it has been committed."

func runPlaintextSecret(p *Pass) {
	for _, env := range taskValues(p, "env", "env") {
		for _, item := range env.Items() {
			checkEnvSecret(p, item)
		}
	}
	for _, list := range taskValues(p, "args", "args") {
		checkArgSecrets(p, list, "an argument")
	}
	for _, list := range taskValues(p, "command", "") {
		checkArgSecrets(p, list, "a command item")
	}
}

func checkEnvSecret(p *Pass, item spec.Value) {
	name := item.Get("name").Str()
	v := item.Get("value")
	s := v.Str()
	switch kind, ok := secret.Env(name, s); {
	case !ok:
	case kind != "":
		reportSecret(p, v, "environment variable %s holds what looks like %s (%d characters)", name, kind, runeLen(s))
	default:
		reportSecret(p, v, "environment variable %s holds a plaintext secret (%d characters)", name, runeLen(s))
	}
}

// checkArgSecrets reports the secrets in a list of arguments, at the item
// that holds each.
func checkArgSecrets(p *Pass, list spec.Value, what string) {
	items := list.Items()
	strs := make([]string, len(items))
	for i, item := range items {
		strs[i] = item.Str()
	}
	for _, a := range secret.Args(strs) {
		at := items[a.Index]
		switch {
		case a.Kind != "" && a.Flag != "":
			reportSecret(p, at, "argument %s holds what looks like %s (%d characters)", a.Flag, a.Kind, runeLen(a.Value))
		case a.Kind != "":
			reportSecret(p, at, "%s holds what looks like %s (%d characters)", what, a.Kind, runeLen(a.Value))
		case a.Apart:
			reportSecret(p, at, "the value of argument %s is a plaintext secret (%d characters)", a.Flag, runeLen(a.Value))
		default:
			reportSecret(p, at, "argument %s holds a plaintext secret (%d characters)", a.Flag, runeLen(a.Value))
		}
	}
}

// reportSecret reports at v, which it marks secret so that no output shows
// it; the message must not hold the value either.
func reportSecret(p *Pass, v spec.Value, format string, args ...any) {
	d := p.Reportf(v, format, args...)
	d.Secret = true
	d.Detail = secretDetail
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }
