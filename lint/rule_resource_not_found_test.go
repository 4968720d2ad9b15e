package lint

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestResourceNotFoundNamesTen checks that VX301 names ten of the
// resources the run knows and counts the rest, however many there are,
// and still suggests the nearest.
func TestResourceNotFoundNamesTen(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var pools strings.Builder
	for i := range 15 {
		fmt.Fprintf(&pools, "---\napiVersion: vxjob/v1\nkind: PersistentResource\nmetadata: {name: pr-%02d}\nspec:\n  resourcePools:\n  - id: p\n    machineSpec: {machineType: n1-standard-4}\n    replicaCount: 1\n", i)
	}
	writeFiles(t, dir, map[string]string{"pools.yaml": pools.String(), "job.yaml": strings.Replace(jobHead, "  jobSpec:\n", "  jobSpec:\n    persistentResourceId: pr-1\n", 1)})
	res := mustRun(t, []string{filepath.Join(dir, "job.yaml")}, Options{Pools: []string{filepath.Join(dir, "pools.yaml")}})
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Rule != ruleResourceNotFound {
		t.Fatalf("got %v; want one VX301", messages(res.Diagnostics))
	}
	d := res.Diagnostics[0]
	if want := "pr-00, pr-01, pr-02, pr-03, pr-04, pr-05, pr-06, pr-07, pr-08, pr-09 and 5 more."; !strings.Contains(d.Detail, want) {
		t.Errorf("detail %q; want it to name %q", d.Detail, want)
	}
	if d.Suggestion != "pr-01" {
		t.Errorf("suggestion %q; want pr-01", d.Suggestion)
	}
}
