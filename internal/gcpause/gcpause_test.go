package gcpause

import (
	"os"
	"runtime/debug"
	"testing"
)

// The tests change the process's collector setting, so none is parallel.

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

func TestEndAtYieldsToGOGC(t *testing.T) {
	if _, set := os.LookupEnv("GOGC"); set {
		t.Skip("GOGC is set; the test sets it itself")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	EndAt(400)
	if got := debug.SetGCPercent(-1); got != 400 {
		t.Errorf("EndAt(400): the collector's setting is %d, want 400", got)
	}
	t.Setenv("GOGC", "50") // as if set at start, when percent was read
	EndAt(400)
	if got := debug.SetGCPercent(-1); got != percent {
		t.Errorf("EndAt(400) with GOGC set: the setting is %d, want the start's %d", got, percent)
	}
}
