package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// No output of lint, plan or apply, nor the step summary, shows a secret
// written in a job: lint masks by value whichever tiers ran, plan masks
// the values of the fields that change. (pr and snapshot print persistent
// resources, which hold no environment or arguments.)
func TestNoOutputShowsASecret(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	_, endpoint := serveEmulator(t)
	// Put together at run time, so that no secret scanner takes this file
	// for a leak; none of them is real.
	token := "hf" + "_" + strings.Repeat("aB3dE5gH7j", 4)
	oldPass, newPass := "old-pl41n-pass", "new-pl41n-pass"
	pemBody := "MIIEowIBAAKCAQEA1x2y3zQ9"
	secrets := []string{token, oldPass, newPass, pemBody}
	job := func(pass string) string {
		return strings.Replace(applyJob("2.1"), `containerSpec: {imageUri: "us-docker.pkg.dev/acme-ml/etl/etl:2.1"}`, `containerSpec:
        imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1
        env:
        - {name: HF_TOKEN, value: `+token+`}
        - name: SIGNING_KEY
          value: |
            -----BEGIN `+`RSA PRIVATE KEY-----
            `+pemBody+pass+`
            -----END RSA PRIVATE KEY-----
        args: [--db-password, `+pass+`]`, 1)
	}
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "pr.yaml": applyPR, "jobs/etl.yaml": job(oldPass)})
	summary := filepath.Join(t.TempDir(), "summary.md")
	env := map[string]string{"VXJOB_ENDPOINT": endpoint, "GITHUB_STEP_SUMMARY": summary}
	config := filepath.Join(dir, ".vxjob.yaml")
	run := func(args ...string) result {
		t.Helper()
		r := vxjob(t, env, false, "", args...)
		text, _ := os.ReadFile(summary)
		for _, s := range secrets {
			for where, out := range map[string]string{"stdout": r.stdout, "stderr": r.stderr, "the step summary": string(text)} {
				if strings.Contains(out, s) {
					t.Errorf("vxjob %s: %s shows the secret %.8q…:\n%s", strings.Join(args, " "), where, s, out)
				}
			}
		}
		return r
	}

	if r := run("apply", "--config", config, "--poll-interval", "5ms", dir); r.code != 0 {
		t.Fatalf("first apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The secret changes: plan shows the fields that change, masked.
	if err := os.WriteFile(filepath.Join(dir, "jobs/etl.yaml"), []byte(job(newPass)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json"} {
		r := run("plan", "--config", config, "--format", format, dir)
		if r.code != 0 || !strings.Contains(r.stdout, "args[1]") || !strings.Contains(r.stdout, "****") {
			t.Errorf("plan --format %s: exit %d, no masked diff:\n%s%s", format, r.code, r.stdout, r.stderr)
		}
	}
	run("apply", "--config", config, "--allow-replace", "--poll-interval", "5ms", dir)

	// A schema error in the document: lint reports the secret all the
	// same, and shows no line or message with it in any format.
	broken := strings.Replace(job(newPass), "replicaCount: 1", "replicaCount: "+token, 1)
	if err := os.WriteFile(filepath.Join(dir, "jobs/etl.yaml"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json", "sarif", "github", "codeclimate"} {
		r := run("lint", "--config", config, "--format", format, dir)
		if r.code != 1 || !strings.Contains(r.stdout+r.stderr, "VX215") {
			t.Errorf("lint --format %s: exit %d, no VX215:\n%s%s", format, r.code, r.stdout, r.stderr)
		}
	}
	run("plan", "--config", config, dir)
}
