package secret

import (
	"reflect"
	"strings"
	"testing"
)

// ghToken is a GitHub-shaped token, put together at run time so that no
// secret scanner takes this file for a leak.
var ghToken = "ghp" + "_" + strings.Repeat("aB3dE5gH7j", 4)[:36]

func TestArgs(t *testing.T) {
	for _, c := range []struct {
		items []string
		want  []Arg
	}{
		{[]string{"--password=hunter22"}, []Arg{{Index: 0, Flag: "--password", Value: "hunter22"}}},
		{[]string{"--lr", "0.1", "--api-key", "s3cr3t-value"}, []Arg{{Index: 3, Flag: "--api-key", Value: "s3cr3t-value", Apart: true}}},
		{[]string{"--token=" + ghToken}, []Arg{{Index: 0, Flag: "--token", Kind: "a GitHub token", Value: ghToken}}},
		{[]string{"clone", "https://x:" + ghToken + "@github.com/o/r"}, []Arg{{Index: 1, Kind: "a password in a URL", Value: "https://x:" + ghToken + "@github.com/o/r"}}},
		{[]string{"--password", "--verbose"}, nil},        // the next item is a flag
		{[]string{"--password", "$(DB_PASSWORD)"}, nil},   // a reference
		{[]string{"--token-file=/var/run/token"}, nil},    // about a secret, not one
		{[]string{"sh", "-c", "train --password x"}, nil}, // shell words are not looked into
	} {
		if got := Args(c.items); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Args(%q) = %+v, want %+v", c.items, got, c.want)
		}
	}
}

func TestValues(t *testing.T) {
	doc := map[string]any{
		"workerPoolSpecs": []any{map[string]any{
			"containerSpec": map[string]any{
				"env": []any{
					map[string]any{"name": "HF_TOKEN", "value": "plain-text-value"},
					map[string]any{"name": "EPOCHS", "value": "10"},
					map[string]any{"name": "TOKEN_FILE", "value": "/secrets/t"},
				},
				"args": []any{"--db-password", "pw-in-args", "--epochs", "3", 7},
			},
		}},
		"labels":   map[string]any{"team": "ml"},
		"anywhere": "see " + ghToken + " here",
	}
	want := []string{ghToken, "plain-text-value", "pw-in-args"}
	if got := Values(doc); !reflect.DeepEqual(got, want) {
		t.Errorf("Values = %q, want %q", got, want)
	}
	if got := Values(map[string]any{"name": "HF_TOKEN", "value": 12345678}); got != nil {
		t.Errorf("a number under a secret's name is not a secret: got %q", got)
	}
}

func TestMask(t *testing.T) {
	pem := "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1x2y3z\n-----END RSA PRIVATE KEY-----"
	for _, c := range []struct {
		s       string
		secrets []string
		want    string
	}{
		{`  - {name: HF_TOKEN, value: plain-text-value}`, []string{"plain-text-value"}, `  - {name: HF_TOKEN, value: ****************}`},
		{`args: ["--db-password=pw-in-args"]`, []string{"pw-in-args"}, `args: ["--db-password=**********"]`},
		// A credential's shape is masked even when no secret was found
		// in the file's structure (a file that does not parse).
		{`token: ` + ghToken + ` {`, nil, `token: ` + strings.Repeat("*", 40) + ` {`},
		// A source line holds one line of a block scalar.
		{`      MIIEowIBAAKCAQEA1x2y3z`, []string{pem}, `      **********************`},
		// Runes are masked one for one, so a caret below stays aligned.
		{`value: "pässwörd1"`, []string{"pässwörd1"}, `value: "*********"`},
		{`nothing here`, []string{"abc"}, `nothing here`}, // shorter than any secret
		// A PEM block is masked whole, its body too.
		{"key: " + pem, nil, "key: " + strings.Repeat("*", len(pem))},
	} {
		if got := Mask(c.s, c.secrets); got != c.want {
			t.Errorf("Mask(%q)\n got %q\nwant %q", c.s, got, c.want)
		}
	}
}
