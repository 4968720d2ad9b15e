// Package secret finds passwords, tokens and keys written in plain text in
// a job's values: by the shape of well-known credentials, whatever the
// name, and by a name that says it holds a secret (HF_TOKEN, --password)
// over a value that is written out rather than referred to. Lint reports
// what it finds (VX215); every output that shows a job's values masks it.
package secret

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// credentialPattern matches the shapes of well-known credentials, one
// group per kind (credentialKinds, in order). Providers give their tokens a
// fixed prefix so that scanners like this one can find them. It is
// compiled on first use: most runs never need it (credentialHints), and
// every vxjob command would otherwise pay for it at start-up.
var credentialPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(strings.Join([]string{
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
})

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

// Shape names the kind of well-known credential s holds ("a GitHub
// token"), or "" when it holds none.
func Shape(s string) string {
	if c := credentials(s, 1); len(c) > 0 {
		return c[0].kind
	}
	return ""
}

// credential is a credential's kind and where in a string it is.
type credential struct {
	kind       string
	start, end int // byte offsets
}

// credentials finds up to n credentials in s (n < 0: all of them).
func credentials(s string, n int) []credential {
	if !mayHoldCredential(s) {
		return nil
	}
	var out []credential
	for _, m := range credentialPattern().FindAllStringSubmatchIndex(s, -1) {
		for k, kind := range credentialKinds {
			start, end := m[2+2*k], m[3+2*k]
			if start < 0 {
				continue
			}
			text := s[start:end]
			switch kind {
			case "an OpenAI-style API key":
				// Random keys have digits; sk-some-descriptive-name is a word.
				if !strings.ContainsAny(text, "0123456789") {
					continue
				}
			case "a password in a URL":
				if !IsLiteral(text) {
					continue
				}
			case "a private key":
				// The secret is the whole block, not its first line.
				end = pemEnd(s, end)
			}
			out = append(out, credential{kind, start, end})
			if len(out) == n {
				return out
			}
		}
	}
	return out
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

// IsName reports whether an env or flag name says it holds a secret.
func IsName(name string) bool {
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

// IsLiteral reports whether a value under a secret's name is the
// secret itself, written out: not a reference, a placeholder or a path.
func IsLiteral(s string) bool {
	s = strings.TrimSpace(s)
	low := strings.ToLower(s)
	switch {
	case utf8.RuneCountInString(s) < 4:
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

// pemEnd is where the PEM block whose BEGIN line ends at from ends: after
// its END line, or at the end of s when it has none (cut short).
func pemEnd(s string, from int) int {
	i := strings.Index(s[from:], "-----END ")
	if i < 0 {
		return len(s)
	}
	j := strings.Index(s[from+i+len("-----END "):], "-----")
	if j < 0 {
		return len(s)
	}
	return from + i + len("-----END ") + j + len("-----")
}
