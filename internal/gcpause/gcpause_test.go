package gcpause

import (
	"os"
	"runtime/debug"
	"testing"
)

func TestEndGivesBackTheSetting(t *testing.T) {
	if _, set := os.LookupEnv("GOGC"); set {
		t.Skip("GOGC is set; the test checks the default")
	}
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Fatalf("during init the collector's setting was %d, want -1 (off)", got)
	}
	End()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("after End the collector's setting is %d, want 100", got)
	}
}
