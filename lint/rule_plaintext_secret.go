package lint

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vxjob/vxjob/spec"
)

var rulePlaintextSecret = &Rule{
	ID:       "VX215",
	Name:     "plaintext-secret",
	Title:    "A password, token or key written in plain text in the job",
	Severity: Warning,
	Tier:     TierSemantic,
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
}

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
	if kind := credentialShape(s); kind != "" {
		reportSecret(p, v, "environment variable %s holds what looks like %s (%d characters)", name, kind, runeLen(s))
	} else if secretName(name) && literalSecret(s) {
		reportSecret(p, v, "environment variable %s holds a plaintext secret (%d characters)", name, runeLen(s))
	}
}

// checkArgSecrets looks at a list of arguments for credentials, and for
// --name=value and --name value where the name says it is a secret.
func checkArgSecrets(p *Pass, list spec.Value, what string) {
	items := list.Items()
	for i := 0; i < len(items); i++ {
		s := items[i].Str()
		flag, val, hasVal := strings.Cut(s, "=")
		isFlag := strings.HasPrefix(flag, "--") && len(flag) > 2 && !strings.ContainsAny(flag, " \t")
		if kind := credentialShape(s); kind != "" {
			if isFlag && hasVal {
				reportSecret(p, items[i], "argument %s holds what looks like %s (%d characters)", flag, kind, runeLen(val))
			} else {
				reportSecret(p, items[i], "%s holds what looks like %s (%d characters)", what, kind, runeLen(s))
			}
			continue
		}
		if !isFlag || !secretName(flag[2:]) {
			continue
		}
		if hasVal {
			if literalSecret(val) {
				reportSecret(p, items[i], "argument %s holds a plaintext secret (%d characters)", flag, runeLen(val))
			}
			continue
		}
		// --password VALUE: the next item, unless it is another flag.
		if i+1 < len(items) {
			next := items[i+1].Str()
			if !strings.HasPrefix(next, "-") && credentialShape(next) == "" && literalSecret(next) {
				reportSecret(p, items[i+1], "the value of argument %s is a plaintext secret (%d characters)", flag, runeLen(next))
				i++
			}
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

// credentialPattern matches the shapes of well-known credentials, one
// group per kind (credentialKinds, in order). Providers give their tokens a
// fixed prefix so that scanners like this one can find them. It is
// compiled on first use: most runs never need it (credentialHints), and
// every vxjob command would otherwise pay for it at start-up.
var credentialPattern = lazyRegexp(strings.Join([]string{
	`\b((?:AKIA|ASIA)[0-9A-Z]{16})\b`,
	`\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})\b`,
	`\b(glpat-[A-Za-z0-9_-]{20,})`,
	`\b(xox[abposr]-[A-Za-z0-9-]{10,})`,
	`\b(hf_[A-Za-z0-9]{30,})`,
	`\b(AIza[0-9A-Za-z_-]{35})`,
	`\b([sr]k_live_[A-Za-z0-9]{20,})`,
	`\b(sk-(?:proj-|svcacct-|admin-|ant-[a-z0-9]+-)?[A-Za-z0-9_-]{20,})`,
	`(-----BEGIN[A-Z ]*PRIVATE KEY(?: BLOCK)?-----)`,
	`\b[A-Za-z][A-Za-z0-9+.-]*://[^\s/:@]*:([^\s/@]+)@`,
}, "|"))

var credentialKinds = []string{
	"an AWS access key ID",
	"a GitHub token",
	"a GitLab token",
	"a Slack token",
	"a Hugging Face token",
	"a Google API key",
	"a Stripe key",
	"an OpenAI-style API key",
	"a private key",
	"a password in a URL",
}

// credentialHints are the fixed parts of credentialPattern: a value with
// none of them cannot match, and strings.Contains finds that out many
// times faster than the pattern does.
var credentialHints = []string{
	"AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xox",
	"hf_", "AIza", "k_live_", "sk-", "PRIVATE KEY",
}

func mayHoldCredential(s string) bool {
	if len(s) < 8 {
		return false
	}
	if strings.Contains(s, "@") && strings.Contains(s, "://") {
		return true // user:password@ in a URL
	}
	return slices.ContainsFunc(credentialHints, func(h string) bool { return strings.Contains(s, h) })
}

// credentialShape names the kind of credential s holds, or "".
func credentialShape(s string) string {
	if !mayHoldCredential(s) {
		return ""
	}
	m := credentialPattern().FindStringSubmatchIndex(s)
	if m == nil {
		return ""
	}
	for k := range credentialKinds {
		start, end := m[2+2*k], m[3+2*k]
		if start < 0 {
			continue
		}
		text := s[start:end]
		switch credentialKinds[k] {
		case "an OpenAI-style API key":
			// Random keys have digits; sk-some-descriptive-name is a word.
			if !strings.ContainsAny(text, "0123456789") {
				return ""
			}
		case "a password in a URL":
			if !literalSecret(text) {
				return ""
			}
		}
		return credentialKinds[k]
	}
	return ""
}

// Name parts that make a name a secret's, alone or after a word that says
// which key (API_KEY, but not PARTITION_KEY or MONKEY).
var (
	secretWords = map[string]bool{
		"TOKEN": true, "SECRET": true, "SECRETS": true, "PASSWORD": true, "PASSWD": true,
		"PASSPHRASE": true, "CREDENTIAL": true, "CREDENTIALS": true, "CREDS": true,
		"APIKEY": true, "ACCESSKEY": true, "PRIVATEKEY": true, "SECRETKEY": true,
		"AUTHTOKEN": true, "ACCESSTOKEN": true,
	}
	keyQualifiers = map[string]bool{
		"API": true, "ACCESS": true, "PRIVATE": true, "SECRET": true, "SIGNING": true,
	}
	// A name that starts with one of these is a switch about a secret
	// (USE_AUTH_TOKEN=true) ...
	notSecretFirst = map[string]bool{
		"USE": true, "NO": true, "ENABLE": true, "DISABLE": true, "SKIP": true, "REQUIRE": true,
		"WITH": true, "WITHOUT": true, "HAS": true, "IS": true,
	}
	// ... and one that ends with one of these says where a secret is or
	// what it is like (TOKEN_FILE, SECRET_NAME, PASSWORD_MIN_LENGTH).
	notSecretLast = map[string]bool{
		"FILE": true, "PATH": true, "DIR": true, "NAME": true, "ID": true, "URI": true, "URL": true,
		"ENDPOINT": true, "HOST": true, "PORT": true, "REF": true, "VERSION": true, "ENV": true,
		"VAR": true, "LENGTH": true, "LEN": true, "SIZE": true, "TTL": true, "EXPIRY": true,
		"EXPIRES": true, "EXPIRATION": true, "TIMEOUT": true, "SECONDS": true, "LIMIT": true,
		"COUNT": true, "MAX": true, "MIN": true, "TYPE": true, "KIND": true, "ENABLED": true,
		"DISABLED": true, "HEADER": true, "LOCATION": true, "PROJECT": true, "REGION": true,
		"FORMAT": true, "MODE": true, "USER": true, "USERNAME": true, "FIELD": true, "PREFIX": true,
		"SUFFIX": true, "SCOPE": true, "SCOPES": true, "LABEL": true,
	}
)

// secretName reports whether an env or flag name says it holds a secret.
func secretName(name string) bool {
	parts := nameParts(name)
	if len(parts) == 0 || notSecretFirst[parts[0]] || notSecretLast[parts[len(parts)-1]] {
		return false
	}
	for i, w := range parts {
		if secretWords[w] || (w == "KEY" || w == "KEYS") && i > 0 && keyQualifiers[parts[i-1]] {
			return true
		}
	}
	return false
}

// nameParts splits a name into its words, in capitals: at _, - and ., and
// where case changes (apiKey, HFToken), so that a word is matched whole.
func nameParts(name string) []string {
	var parts []string
	runes := []rune(name)
	start := 0
	flush := func(end int) {
		if end > start {
			parts = append(parts, strings.ToUpper(string(runes[start:end])))
		}
	}
	for i, r := range runes {
		switch {
		case r == '_' || r == '-' || r == '.':
			flush(i)
			start = i + 1
		case i > start && unicode.IsUpper(r) &&
			(unicode.IsLower(runes[i-1]) || unicode.IsDigit(runes[i-1]) ||
				i+1 < len(runes) && unicode.IsUpper(runes[i-1]) && unicode.IsLower(runes[i+1])):
			flush(i)
			start = i
		}
	}
	flush(len(runes))
	return parts
}

var (
	placeholderWords = map[string]bool{
		"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true,
		"none": true, "null": true, "nil": true, "undefined": true, "empty": true, "unset": true,
		"secret": true, "password": true, "passwd": true, "token": true, "test": true,
		"todo": true, "tbd": true, "fixme": true, "n/a": true, "default": true, "changeit": true,
	}
	placeholderParts = []string{
		"changeme", "change_me", "change-me", "replaceme", "replace_me", "replace-me",
		"placeholder", "redacted", "example", "dummy",
	}
	// uriScheme: gs://, https://, file://, … name where a value is.
	uriScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)
	// fileName: a file's name, such as key.json or token.txt.
	fileName = regexp.MustCompile(`^[\w.-]+\.(?:json|ya?ml|txt|pem|key|crt|cfg|ini|toml|env|py)$`)
)

// literalSecret reports whether a value under a secret's name is the
// secret itself, written out: not a reference, a placeholder or a path.
func literalSecret(s string) bool {
	s = strings.TrimSpace(s)
	low := strings.ToLower(s)
	switch {
	case runeLen(s) < 4:
		return false // no real secret is this short; "abc", "0", "yes"
	case strings.Contains(s, "$(") || strings.Contains(s, "${"):
		return false // a Vertex reference or a vxjob variable: filled in elsewhere
	case placeholderWords[low], strings.HasPrefix(low, "your"), isAllDigits(s), isOneRepeatedChar(s):
		return false
	case wrapped(s, "<", ">"), wrapped(s, "{{", "}}"), wrapped(s, "[", "]"), wrapped(s, "%(", ")s"):
		return false
	case strings.HasPrefix(s, "/"), strings.HasPrefix(s, "./"), strings.HasPrefix(s, "../"), strings.HasPrefix(s, "~/"),
		strings.HasPrefix(s, "projects/"), uriScheme.MatchString(s), fileName.MatchString(s):
		return false
	}
	for _, part := range placeholderParts {
		if strings.Contains(low, part) {
			return false
		}
	}
	return true
}

func wrapped(s, open, close string) bool {
	return len(s) >= len(open)+len(close) && strings.HasPrefix(s, open) && strings.HasSuffix(s, close)
}

func isAllDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// isOneRepeatedChar: xxxx, ****, ....
func isOneRepeatedChar(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.Trim(s, string(r)) == ""
}
