package submit

import (
	"bytes"
	"strings"
	"testing"
)

// No output of plan shows a secret of the job's spec, old or new: text,
// JSON and the step summary show the field that changes, masked.
func TestPlanMasksSecrets(t *testing.T) {
	t.Parallel()
	// Put together at run time, so that no secret scanner takes this file
	// for a leak; none of them is real.
	ghToken := "ghp" + "_" + strings.Repeat("aB3dE5gH7j", 4)[:36]
	awsKey := "AKIA" + "IOSFODNN7EXAMPLE"
	oldPass, newPass := "old-pl41n-pass", "new-pl41n-pass"
	pemBody := "MIIEowIBAAKCAQEA1x2y3zQ9"
	job := func(pass, token string) string {
		return strings.Replace(freeJobDoc("etl", "1.0"), `containerSpec: {imageUri: "us-docker.pkg.dev/acme-ml/train/etl:1.0"}`,
			`containerSpec:
        imageUri: us-docker.pkg.dev/acme-ml/train/etl:1.0
        env:
        - {name: HF_TOKEN, value: `+token+`}
        - {name: DB_PASSWORD, value: `+pass+`}
        - name: SIGNING_KEY
          value: |
            -----BEGIN `+`RSA PRIVATE KEY-----
            `+pemBody+pass+`
            -----END RSA PRIVATE KEY-----
        args: [--db-password, `+pass+`, "--url=postgres://u:`+pass+`@db/x"]`, 1)
	}
	f := newPlanFixture(t)
	f.seed(docs(t, job(oldPass, ghToken))[0], 0)
	ch := f.plan(false, docs(t, job(newPass, awsKey))[0])
	if ch.Action != Replace || len(ch.Diff) == 0 {
		t.Fatalf("plan: %s %s, diff %v", ch.Action, ch.Reason, ch.Diff)
	}
	plan := &Plan{Changes: []*Change{ch}}
	var text, js, md bytes.Buffer
	if err := plan.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := plan.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if err := plan.WriteMarkdown(&md, "Plan"); err != nil {
		t.Fatal(err)
	}
	t.Log(text.String())
	for name, out := range map[string]string{"text": text.String(), "json": js.String(), "markdown": md.String()} {
		for _, s := range []string{oldPass, newPass, ghToken, awsKey, pemBody} {
			if strings.Contains(out, s) {
				t.Errorf("%s output shows the secret %.8q…:\n%s", name, s, out)
			}
		}
		// The changed fields are still shown, masked.
		for _, want := range []string{"env[0].value", "env[1].value", "env[2].value", "args[1]", "args[2]", "****"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s output does not show %s:\n%s", name, want, out)
			}
		}
	}
}
