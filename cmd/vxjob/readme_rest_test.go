//go:build unix

package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestREADMERESTWalkthrough runs the README's curl walk-through, as
// written, with sh and curl against `vxjob emulator` seeded as the README
// says, and checks that each request got what its comment says, and that
// the README's sample error body is the one its 404 gets.
func TestREADMERESTWalkthrough(t *testing.T) {
	t.Parallel()
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("curl is not installed")
	}
	var script, errorBody string
	for _, b := range readmeBlocks(t) {
		switch {
		case b.lang == "sh" && strings.HasPrefix(b.text, "V=http://$VXJOB_ENDPOINT/"):
			script = b.text
		case b.lang == "json" && strings.Contains(b.text, `"status": "NOT_FOUND"`):
			errorBody = b.text
		}
	}
	if script == "" || errorBody == "" {
		t.Fatal("the README has no curl walk-through, or no sample error body")
	}
	e := startEmulator(t, "--seed", "persistent-resources")
	cmd := exec.Command("sh", "-eu", "-c", script)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "VXJOB_ENDPOINT="+e.endpoint)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the walk-through fails (%v, curl %s):\n%s", err, curl, out)
	}
	text := string(out)
	for _, want := range []string{
		`"displayName": "Shared training capacity"`, // the seeded resource
		`"state": "JOB_STATE_QUEUED"`,               // the job created
		`"customJobs": [`,                           // the filtered list
		"\n{}\n",                                    // the cancel
		`"status": "INVALID_ARGUMENT"`,              // the mismatch
		`"status": "NOT_FOUND"`,                     // the unknown job
		`"@type": "type.googleapis.com/google.cloud.aiplatform.v1.UpdatePersistentResourceOperationMetadata"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the walk-through's output lacks %s:\n%s", want, text)
		}
	}
	if !strings.Contains(text, errorBody) {
		t.Errorf("the README's error body is not what the walk-through's 404 printed:\n%s", text)
	}
	// Only the two requests meant to fail did: a name the script failed to
	// pick out of a response would make a request to a path that is none.
	if n := strings.Count(text, `"error": {`); n != 2 {
		t.Errorf("%d errors, want 2:\n%s", n, text)
	}
	job := "projects/133681636915/locations/us-central1/customJobs/"
	if !strings.Contains(text, "\n"+job) || strings.Count(text, `"name": "`+job) != 2 {
		t.Errorf("the job was not created, read back and listed:\n%s", text)
	}
	e.stop(t)
}
