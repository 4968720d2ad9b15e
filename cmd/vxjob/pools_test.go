package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestPoolsCommand(t *testing.T) {
	t.Parallel()
	second := strings.Replace(strings.Replace(applyJob("1.0"), "name: etl", "name: train", 1), "replicaCount: 1", "replicaCount: 3", 1)
	first := strings.Replace(applyJob("1.0"), "replicaCount: 1", "replicaCount: 2", 1)
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "pr.yaml": applyPR, "jobs/etl.yaml": first, "jobs/train.yaml": second})
	config := filepath.Join(dir, ".vxjob.yaml")

	r := vxjob(t, nil, false, "", "pools", "--config", config, dir)
	want := "training-pr (project acme-ml-prod, location us-central1)\n" +
		"  cpu-pool: n1-standard-8; limit 4; asked 5 (etl 2, train 3) OVERSUBSCRIBED: the jobs ask more than the pool ever holds\n" +
		"\n1 pool; 1 oversubscribed, 0 busy.\n"
	if r.code != 0 || r.stdout != want {
		t.Errorf("exit %d\n got %q\nwant %q\n%s", r.code, r.stdout, want, r.stderr)
	}

	// On a terminal, or asked, a bar: 2+3 asked of 4, the last fifth past
	// the limit in red.
	r = vxjob(t, nil, true, "", "pools", "--config", config, dir)
	if !strings.Contains(r.stdout, "▓▓▓▓") || !strings.Contains(r.stdout, "\x1b[31m▓\x1b[0m") || !strings.Contains(r.stdout, "\x1b[1;31m OVERSUBSCRIBED") {
		t.Errorf("bars: %q", r.stdout)
	}
	if r := vxjob(t, map[string]string{"NO_COLOR": "1"}, true, "", "pools", "--config", config, dir); strings.Contains(r.stdout, "▓") {
		t.Errorf("NO_COLOR still draws bars: %q", r.stdout)
	}

	// A snapshot that saw replicas in use makes a pool that fits busy.
	snapshot := applyPR + "status:\n  state: RUNNING\n  observedAt: \"2026-11-28T10:00:00Z\"\n  resourcePools:\n  - {id: cpu-pool, replicaCount: 4, usedReplicaCount: 3}\n"
	dir = repo(t, map[string]string{".vxjob.yaml": applyConfig + "pools: [snapshot.yaml]\nignore: [snapshot.yaml]\n", "snapshot.yaml": snapshot, "jobs/etl.yaml": first})
	r = vxjob(t, nil, false, "", "pools", "--config", filepath.Join(dir, ".vxjob.yaml"), "--format", "json", dir)
	var out struct {
		Version   int
		Resources []struct {
			ID, State string
			Pools     []struct {
				ID                   string
				Limit, Asked         int64
				Used                 *int64
				Busy, Oversubscribed bool
				Jobs                 []struct {
					Name     string
					Line     int
					Replicas int64
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	p := out.Resources[0].Pools[0]
	if out.Version != 1 || out.Resources[0].State != "RUNNING" || p.Limit != 4 || p.Used == nil || *p.Used != 3 || p.Asked != 2 || !p.Busy || p.Oversubscribed || p.Jobs[0].Name != "etl" || p.Jobs[0].Line != 8 {
		t.Errorf("json: %s", r.stdout)
	}
}

func TestPoolsLive(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, endpoint := serveEmulator(t)
	createJobsOnTrainingPR(t, srv, "someone-else", "and-another")
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "jobs/etl.yaml": applyJob("1.0")})
	r := vxjob(t, map[string]string{"VXJOB_ENDPOINT": endpoint}, false, "", "pools", "--live", "--config", filepath.Join(dir, ".vxjob.yaml"), dir)
	if r.code != 0 || !strings.Contains(r.stdout, "RUNNING, seen now") || !strings.Contains(r.stdout, "in use 2; asked 1 (etl 1)") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
