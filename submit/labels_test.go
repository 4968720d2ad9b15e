package submit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vxjob/vxjob/spec"
)

// TestJobLabelsLimits: apply adds spec.ManagedLabels labels, so a job of
// spec.MaxJobLabels labels of its own fits and one more does not; the
// reserved prefix is refused. Lint's VX211 uses the same limits.
func TestJobLabelsLimits(t *testing.T) {
	t.Parallel()
	user := map[string]string{}
	for i := range spec.MaxJobLabels {
		user[fmt.Sprintf("l%02d", i)] = "x"
	}
	out, err := jobLabels(user, "key", "spec", "attempt")
	if err != nil || len(out) != spec.MaxLabels || len(out)-len(user) != spec.ManagedLabels {
		t.Fatalf("%d labels of its own: %d labels, %v", len(user), len(out), err)
	}
	for _, k := range []string{LabelManaged, LabelKey, LabelSpec, LabelAttempt} {
		if !spec.IsReservedLabel(k) || out[k] == "" {
			t.Errorf("label %s: reserved %v, value %q", k, spec.IsReservedLabel(k), out[k])
		}
	}
	user["one-more"] = "x"
	if _, err := jobLabels(user, "key", "spec", "attempt"); err == nil || !strings.Contains(err.Error(), "the job has 61 labels and vxjob adds 4: a job may have at most 64") {
		t.Errorf("61 labels: %v", err)
	}
	if _, err := jobLabels(map[string]string{"vxjob-team": "a"}, "key", "spec", "attempt"); err == nil || !strings.Contains(err.Error(), `the prefix "vxjob-" is vxjob's own`) {
		t.Errorf("reserved prefix: %v", err)
	}
}
