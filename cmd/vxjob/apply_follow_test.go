package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/logging/apiv2/loggingpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"

	"github.com/vxjob/vxjob/internal/resname"
	"github.com/vxjob/vxjob/submit/vertextest"
)

// apply --wait=terminal --follow, against an emulator on a fake clock that
// moves only by apply's pauses: jobs are created at 10:00:00, QUEUED,
// PENDING at 10:00:10, RUNNING at 10:00:30, and end at 10:01:30; apply
// looks every 7s (--poll-interval).

// followLife is the jobs' lifecycle in these tests.
var followLife = vertextest.Lifecycle{Queued: 10 * time.Second, Pending: 20 * time.Second, Running: time.Minute}

// scripted is a line a document's job logs at a time after the epoch.
type scripted struct {
	at   time.Duration
	doc  string
	line vertextest.LogLine
}

// followRun is an emulator and a script of what its jobs log.
type followRun struct {
	t      *testing.T
	srv    *vertextest.Server
	clock  *vertextest.FakeClock
	addr   string
	script []scripted

	mu   sync.Mutex
	jobs map[string]string // document name → job resource name
}

func newFollowRun(t *testing.T, script ...scripted) *followRun {
	t.Helper()
	noCredentials(t)
	clock := vertextest.NewFakeClock(logsEpoch)
	srv, addr := serveEmulatorWith(t, vertextest.Options{Clock: clock, Lifecycle: followLife}, true)
	return &followRun{t: t, srv: srv, clock: clock, addr: addr, script: script, jobs: map[string]string{}}
}

// job is the resource name of a document's job, once apply has made it.
func (r *followRun) job(doc string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.jobs[doc]
}

// pause moves the clock on by d, then has the jobs log what the script
// says they logged by then.
func (r *followRun) pause(ctx context.Context, d time.Duration) error {
	r.clock.Advance(d)
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.jobs) == 0 {
		c := aiplatformClient(r.t, r.srv)
		defer c.Close()
		jobs, _, err := c.Jobs.ListCustomJobs(ctx, &aiplatformpb.ListCustomJobsRequest{Parent: "projects/acme-ml-prod/locations/us-central1", PageSize: 100})
		if err != nil {
			return err
		}
		for _, j := range jobs {
			r.jobs[j.DisplayName] = j.Name
		}
	}
	var later []scripted
	for _, s := range r.script {
		at := logsEpoch.Add(s.at)
		if at.After(r.clock.Now()) {
			later = append(later, s)
			continue
		}
		s.line.At = at
		if !r.srv.AddJobLogs(r.jobs[s.doc], s.line) {
			r.t.Errorf("no job of %s to log %q", s.doc, s.line.Text)
		}
	}
	r.script = later
	return ctx.Err()
}

// apply runs vxjob apply on dir with --poll-interval 7s, pausing on the
// run's clock.
func (r *followRun) apply(dir string, tty bool, args ...string) result {
	r.t.Helper()
	tm := testTiming
	tm.Now, tm.Sleep = r.clock.Now, r.pause
	var stdout, stderr bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr,
		getenv:     func(k string) string { return map[string]string{"VXJOB_ENDPOINT": r.addr}[k] },
		isTerminal: func(io.Writer) bool { return tty }, timing: tm}
	full := append([]string{"vxjob", "apply", "--config", filepath.Join(dir, ".vxjob.yaml"), "--poll-interval", "7s"}, args...)
	code := a.run(context.Background(), append(full, dir))
	return result{code, stdout.String(), stderr.String()}
}

// jobFile is a job document named name.
func jobFile(name string) string {
	return strings.Replace(applyJob("2.1"), "name: etl", "name: "+name, 1)
}

// logLines are the lines of out that a followed log printed: those with
// a document's name before " | ", or, with prefix "", the lines of a
// replica.
func logLines(out, prefix string) []string {
	var lines []string
	for _, l := range strings.SplitAfter(out, "\n") {
		if prefix != "" && strings.Contains(l, " | ") || prefix == "" && strings.HasPrefix(l, "workerpool") {
			lines = append(lines, l)
		}
	}
	return lines
}

func TestApplyFollowInterleavesThreeJobs(t *testing.T) {
	t.Parallel()
	stderr := func(text string) vertextest.LogLine { return vertextest.LogLine{Text: text, Stderr: true} }
	info := func(text string) vertextest.LogLine { return vertextest.LogLine{Text: text} }
	r := newFollowRun(t,
		scripted{33 * time.Second, "bert-finetune", info("epoch 1 loss 0.91")},
		scripted{36 * time.Second, "etl", info("read 1200 rows")},
		scripted{38 * time.Second, "bert-finetune", info("epoch 2 loss 0.52")},
		scripted{40 * time.Second, "eval", info("loading checkpoint")},
		scripted{45 * time.Second, "etl", info("wrote 1200 rows")},
		scripted{47 * time.Second, "bert-finetune", info("epoch 3 loss 0.31")},
		scripted{50 * time.Second, "eval", stderr("Traceback (most recent call last):")},
		scripted{52 * time.Second, "eval", stderr("KeyError: 'label'")},
		scripted{60 * time.Second, "bert-finetune", info("saved model")},
	)
	r.srv.FailJobs(func(j *aiplatformpb.CustomJob) bool { return j.DisplayName == "eval" }, "The replica workerpool0-0 exited with a non-zero status of 1.")
	// bert-finetune's log cannot be read at 10:00:35, the four tries of
	// that look; the look at 10:00:42 reads from where the last stopped.
	r.srv.Inject(vertextest.Fault{Methods: []string{"ListLogEntries"}, Mode: vertextest.Reject, Code: codes.Unavailable, Times: 4,
		Match: func(req proto.Message) bool {
			id := resname.ID(r.job("bert-finetune"))
			f := req.(*loggingpb.ListLogEntriesRequest).GetFilter()
			return id != "" && strings.Contains(f, `job_id="`+id+`"`) && !r.clock.Now().Before(logsEpoch.Add(35*time.Second))
		}})
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig,
		"jobs/bert.yaml": jobFile("bert-finetune"), "jobs/etl.yaml": jobFile("etl"), "jobs/eval.yaml": jobFile("eval")})

	res := r.apply(dir, false, "--wait=terminal", "--follow")
	want := `bert-finetune | workerpool0-0 2026-11-28T10:00:00Z INFO    Job state: JOB_STATE_QUEUED
etl           | workerpool0-0 2026-11-28T10:00:00Z INFO    Job state: JOB_STATE_QUEUED
eval          | workerpool0-0 2026-11-28T10:00:00Z INFO    Job state: JOB_STATE_QUEUED
bert-finetune | workerpool0-0 2026-11-28T10:00:10Z INFO    Job state: JOB_STATE_PENDING
etl           | workerpool0-0 2026-11-28T10:00:10Z INFO    Job state: JOB_STATE_PENDING
eval          | workerpool0-0 2026-11-28T10:00:10Z INFO    Job state: JOB_STATE_PENDING
etl           | workerpool0-0 2026-11-28T10:00:30Z INFO    Job state: JOB_STATE_RUNNING
eval          | workerpool0-0 2026-11-28T10:00:30Z INFO    Job state: JOB_STATE_RUNNING
bert-finetune | workerpool0-0 2026-11-28T10:00:30Z INFO    Job state: JOB_STATE_RUNNING
bert-finetune | workerpool0-0 2026-11-28T10:00:33Z INFO    epoch 1 loss 0.91
etl           | workerpool0-0 2026-11-28T10:00:36Z INFO    read 1200 rows
bert-finetune | workerpool0-0 2026-11-28T10:00:38Z INFO    epoch 2 loss 0.52
eval          | workerpool0-0 2026-11-28T10:00:40Z INFO    loading checkpoint
etl           | workerpool0-0 2026-11-28T10:00:45Z INFO    wrote 1200 rows
bert-finetune | workerpool0-0 2026-11-28T10:00:47Z INFO    epoch 3 loss 0.31
eval          | workerpool0-0 2026-11-28T10:00:50Z stderr  Traceback (most recent call last):
eval          | workerpool0-0 2026-11-28T10:00:52Z stderr  KeyError: 'label'
bert-finetune | workerpool0-0 2026-11-28T10:01:00Z INFO    saved model
bert-finetune | workerpool0-0 2026-11-28T10:01:30Z INFO    Job state: JOB_STATE_SUCCEEDED
etl           | workerpool0-0 2026-11-28T10:01:30Z INFO    Job state: JOB_STATE_SUCCEEDED
eval          | workerpool0-0 2026-11-28T10:01:30Z stderr  Job state: JOB_STATE_FAILED: The replica workerpool0-0 exited with a non-zero status of 1.
`
	if got := strings.Join(logLines(res.stdout, " | "), ""); res.code != 1 || got != want {
		t.Fatalf("exit %d; the log lines:\n%s\nwant:\n%s\nstdout:\n%s\nstderr:\n%s", res.code, got, want, res.stdout, res.stderr)
	}
	// The README's sample is this run's.
	sample := ""
	for _, b := range readmeBlocks(t) {
		if strings.Contains(b.text, "bert-finetune | ") {
			sample = strings.Join(logLines(b.text, " | "), "")
		}
	}
	if sample == "" || !strings.Contains(want, sample) {
		t.Errorf("the README's sample of apply --follow is not this run's:\n%s", sample)
	}
	// Every fault fired, in the one look.
	faults := 0
	for _, c := range r.srv.Calls("ListLogEntries") {
		if c.Fault != 0 {
			faults++
		}
	}
	if faults != 4 {
		t.Errorf("%d faults fired, want 4", faults)
	}
	// Plain lines, no table; the summary last.
	if strings.Contains(res.stdout, "\x1b[") || !strings.Contains(res.stdout, "custom job eval: RUNNING → FAILED (job "+resname.ID(r.job("eval"))+")") ||
		!strings.HasSuffix(res.stdout, "\n+   custom job eval: failed "+r.job("eval")+" (FAILED)\nApply: 2 created, 0 updated, 0 replaced, 0 unchanged, 1 failed.\n") {
		t.Errorf("stdout:\n%s", res.stdout)
	}
	// The failed read is a line; the failed job is named once, with its
	// last lines.
	bert, eval := resname.ID(r.job("bert-finetune")), resname.ID(r.job("eval"))
	wantErr := "vxjob: custom job bert-finetune: listing the log entries of job " + bert + ": injected fault (reject) (UNAVAILABLE); the wait goes on, and the log is read again at the next look\n" +
		"vxjob: custom job eval (" + filepath.Join(dir, "jobs/eval.yaml") + ":3) failed: job " + eval + " ended FAILED: The replica workerpool0-0 exited with a non-zero status of 1.\n" +
		"      its last log lines:\n" +
		"      | workerpool0-0 2026-11-28T10:00:30Z INFO    Job state: JOB_STATE_RUNNING\n" +
		"      | workerpool0-0 2026-11-28T10:00:40Z INFO    loading checkpoint\n" +
		"      | workerpool0-0 2026-11-28T10:00:50Z stderr  Traceback (most recent call last):\n" +
		"      | workerpool0-0 2026-11-28T10:00:52Z stderr  KeyError: 'label'\n" +
		"      | workerpool0-0 2026-11-28T10:01:30Z stderr  Job state: JOB_STATE_FAILED: The replica workerpool0-0 exited with a non-zero status of 1.\n"
	if res.stderr != wantErr {
		t.Errorf("stderr:\n%s\nwant:\n%s", res.stderr, wantErr)
	}
}

func TestApplyFollowOneJobHasNoPrefix(t *testing.T) {
	t.Parallel()
	r := newFollowRun(t, scripted{40 * time.Second, "etl", vertextest.LogLine{Text: "read 1200 rows"}})
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "jobs/etl.yaml": applyJob("2.1")})
	res := r.apply(dir, true, "--wait=terminal", "--follow")
	want := `workerpool0-0 2026-11-28T10:00:00Z INFO    Job state: JOB_STATE_QUEUED
workerpool0-0 2026-11-28T10:00:10Z INFO    Job state: JOB_STATE_PENDING
workerpool0-0 2026-11-28T10:00:30Z INFO    Job state: JOB_STATE_RUNNING
workerpool0-0 2026-11-28T10:00:40Z INFO    read 1200 rows
workerpool0-0 2026-11-28T10:01:30Z INFO    Job state: JOB_STATE_SUCCEEDED
`
	// On a terminal, and still no table: it would be drawn over the lines.
	if got := strings.Join(logLines(res.stdout, ""), ""); res.code != 0 || got != want || res.stderr != "" || strings.Contains(res.stdout, "\x1b[2K") {
		t.Fatalf("exit %d; the log lines:\n%s\nwant:\n%s\nstdout:\n%q\nstderr:\n%s", res.code, got, want, res.stdout, res.stderr)
	}
	// Applying again follows the job that has ended no more.
	res = r.apply(dir, false, "--wait=terminal", "--follow")
	if res.code != 0 || len(logLines(res.stdout, "")) != 0 || !strings.Contains(res.stdout, "1 unchanged") {
		t.Errorf("apply again: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
}

// On a terminal, each document's name in a colour of its own; with
// --format json, an object per entry, then apply's JSON.
func TestApplyFollowColorAndJSON(t *testing.T) {
	t.Parallel()
	r := newFollowRun(t)
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "jobs/bert.yaml": jobFile("bert"), "jobs/etl.yaml": jobFile("etl")})
	res := r.apply(dir, true, "--wait=terminal", "--follow")
	if res.code != 0 || !strings.Contains(res.stdout, "\x1b[36mbert\x1b[0m | workerpool0-0 2026-11-28T10:00:00Z INFO    Job state: JOB_STATE_QUEUED\n") ||
		!strings.Contains(res.stdout, "\x1b[35metl \x1b[0m | workerpool0-0 2026-11-28T10:01:30Z INFO    Job state: JOB_STATE_SUCCEEDED\n") {
		t.Errorf("colour: exit %d\n%q\n%s", res.code, res.stdout, res.stderr)
	}

	// A new emulator: the jobs there have ended.
	r = newFollowRun(t)
	res = r.apply(dir, false, "--wait=terminal", "--follow", "--format", "json")
	dec := json.NewDecoder(strings.NewReader(res.stdout))
	var lines []string
	var summary struct {
		Version int
		Summary struct{ Created int }
	}
	for {
		var v map[string]any
		if err := dec.Decode(&v); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("json: %v\n%s", err, res.stdout)
		}
		if _, ok := v["version"]; ok {
			b, _ := json.Marshal(v)
			json.Unmarshal(b, &summary)
			if dec.More() {
				t.Errorf("something after apply's JSON:\n%s", res.stdout)
			}
			continue
		}
		lines = append(lines, v["job"].(string)+" "+v["time"].(string)+" "+v["text"].(string))
	}
	want := []string{
		"bert 2026-11-28T10:00:00Z Job state: JOB_STATE_QUEUED", "etl 2026-11-28T10:00:00Z Job state: JOB_STATE_QUEUED",
		"bert 2026-11-28T10:00:10Z Job state: JOB_STATE_PENDING", "etl 2026-11-28T10:00:10Z Job state: JOB_STATE_PENDING",
		"bert 2026-11-28T10:00:30Z Job state: JOB_STATE_RUNNING", "etl 2026-11-28T10:00:30Z Job state: JOB_STATE_RUNNING",
		"bert 2026-11-28T10:01:30Z Job state: JOB_STATE_SUCCEEDED", "etl 2026-11-28T10:01:30Z Job state: JOB_STATE_SUCCEEDED",
	}
	if res.code != 0 || strings.Join(lines, "\n") != strings.Join(want, "\n") || summary.Version != 1 || summary.Summary.Created != 2 {
		t.Errorf("json: exit %d, lines:\n%s\nsummary %+v\nstdout:\n%s\nstderr:\n%s", res.code, strings.Join(lines, "\n"), summary, res.stdout, res.stderr)
	}
}

func TestApplyFollowUsage(t *testing.T) {
	t.Parallel()
	r := newFollowRun(t)
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "jobs/etl.yaml": applyJob("2.1")})
	for _, args := range [][]string{{"--follow"}, {"--follow", "--wait=running"}, {"--follow", "--wait=none"}, {"--follow", "--wait=created"}} {
		mode := "created"
		if len(args) > 1 {
			mode = strings.TrimPrefix(args[1], "--wait=")
		}
		res := r.apply(dir, false, args...)
		if want := "vxjob: --follow needs --wait=terminal (not --wait=" + mode + "): it prints the jobs' logs until they end\n"; res.code != 2 || res.stderr != want || res.stdout != "" {
			t.Errorf("%v: exit %d\n%s%s", args, res.code, res.stdout, res.stderr)
		}
	}
	if n := len(r.srv.Calls()); n != 0 {
		t.Errorf("a usage error made %d calls", n)
	}
}
