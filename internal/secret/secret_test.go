package secret

import (
	"strings"
	"testing"
)

// The credentials are put together at run time, so that no secret scanner
// takes this file for a leak; none of them is real.
func TestShape(t *testing.T) {
	alnum := func(n int) string {
		const chars = "aB3dE5gH7jK9mN1pQ2sT4vW6yZ8"
		var b strings.Builder
		for i := range n {
			b.WriteByte(chars[i%len(chars)])
		}
		return b.String()
	}
	for _, c := range []struct{ value, want string }{
		{"AKIA" + "IOSFODNN7EXAMPLE", "an AWS access key ID"},
		{"ASIA" + "IOSFODNN7EXAMPLE", "an AWS access key ID"},
		{"ghp" + "_" + alnum(36), "a GitHub token"},
		{"Authorization: token gho" + "_" + alnum(36), "a GitHub token"},
		{"github" + "_pat_" + alnum(22) + "_" + alnum(59), "a GitHub token"},
		{"glpat" + "-" + alnum(20), "a GitLab token"},
		{"xoxb" + "-123456789012-" + alnum(24), "a Slack token"},
		{"hf" + "_" + alnum(34), "a Hugging Face token"},
		{"AIza" + alnum(35), "a Google API key"},
		{"sk" + "_live_" + alnum(24), "a Stripe key"},
		{"sk" + "-" + alnum(48), "an OpenAI-style API key"},
		{"sk" + "-proj-" + alnum(40), "an OpenAI-style API key"},
		{"-----BEGIN " + "RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----", "a private key"},
		{"-----BEGIN " + "OPENSSH PRIVATE KEY-----", "a private key"},
		{"-----BEGIN " + "PGP PRIVATE KEY BLOCK-----", "a private key"},
		{"https://user:" + "pa55word@example.com/x", "a password in a URL"},
		{"redis://:" + "pa55word@cache:6379", "a password in a URL"},

		// Near misses.
		{"AKIA" + "iosfodnn7example", ""},               // lowercase
		{"XAKIA" + "IOSFODNN7EXAMPLE", ""},              // inside a word
		{"ghp" + "_" + alnum(20), ""},                   // too short
		{"sk-learn-is-a-library-not-a-key", ""},         // no digit
		{"risk-" + alnum(30), ""},                       // sk- inside a word
		{"hf_home", ""},                                 // too short
		{"-----BEGIN CERTIFICATE-----", ""},             // not a private key
		{"-----BEGIN PUBLIC KEY-----", ""},              // not a private key
		{"postgres://user:$(DB_PASSWORD)@db/x", ""},     // a reference
		{"postgres://user:${DB_PASSWORD}@db/x", ""},     // a variable
		{"postgres://user@db:5432/x", ""},               // no password
		{"https://example.com:8443/path", ""},           // a port
		{"us-docker.pkg.dev/p/r/img:1.0@sha256:ab", ""}, // an image
		{"", ""},
	} {
		if got := Shape(c.value); got != c.want {
			t.Errorf("Shape(%.30q) = %q, want %q", c.value, got, c.want)
		}
	}
}

func TestIsName(t *testing.T) {
	for name, want := range map[string]bool{
		"API_KEY": true, "WANDB_API_KEY": true, "apiKey": true, "APIKEY": true, "api-key": true,
		"HF_TOKEN": true, "HFToken": true, "GITHUB_TOKEN": true, "AUTH_TOKEN": true,
		"DB_PASSWORD": true, "dbPassword": true, "PASSWD": true, "MYSQL_ROOT_PASSWORD": true,
		"CLIENT_SECRET": true, "AWS_SECRET_ACCESS_KEY": true, "AWS_ACCESS_KEY": true,
		"GOOGLE_APPLICATION_CREDENTIALS": true, "CREDENTIAL": true, "PRIVATE_KEY": true,
		"SIGNING_KEY": true, "SSH_PASSPHRASE": true, "API_KEYS": true,

		"MONKEY": false, "KEY": false, "PARTITION_KEY": false, "CACHE_KEY": false,
		"TOKENIZERS_PARALLELISM": false, "MAX_TOKENS": false, "TOKENIZER": false,
		"AWS_ACCESS_KEY_ID": false, "TOKEN_FILE": false, "SECRET_NAME": false,
		"PASSWORD_MIN_LENGTH": false, "USE_AUTH_TOKEN": false, "TOKEN_URL": false,
		"HF_TOKEN_PATH": false, "SECRET_MANAGER_PROJECT": false, "PASSAGE": false,
		"SECRETARY": false, "PWD": false, "": false,
	} {
		if got := IsName(name); got != want {
			t.Errorf("IsName(%q) = %v, want %v (parts %q)", name, got, want, nameParts(name))
		}
	}
}

func TestNameParts(t *testing.T) {
	for name, want := range map[string]string{
		"WANDB_API_KEY": "WANDB API KEY",
		"apiKey":        "API KEY",
		"HFToken":       "HF TOKEN",
		"dbPassword2":   "DB PASSWORD2",
		"s3SecretKey":   "S3 SECRET KEY",
		"--api-key":     "API KEY",
		"a.b":           "A B",
		"__x__":         "X",
	} {
		if got := strings.Join(nameParts(name), " "); got != want {
			t.Errorf("nameParts(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestIsLiteral(t *testing.T) {
	for value, want := range map[string]bool{
		"s3cr3t-Passw0rd": true, "0123456789abcdef": true, "abcd": true, `{"type": "service_account"}`: true,

		"": false, "abc": false, "true": false, "False": false, "12345678": false,
		"$(TOKEN)": false, "${TOKEN}": false, "Bearer $(TOKEN)": false,
		"changeme": false, "CHANGE_ME": false, "<your-token>": false, "{{ token }}": false,
		"your-api-key-here": false, "xxxxxxxx": false, "********": false, "REDACTED": false,
		"/var/secrets/token": false, "./token": false, "~/.netrc": false, "gs://bucket/key": false,
		"projects/p/secrets/s/versions/1": false, "key.json": false, "token.txt": false,
	} {
		if got := IsLiteral(value); got != want {
			t.Errorf("IsLiteral(%q) = %v, want %v", value, got, want)
		}
	}
}
