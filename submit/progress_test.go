package submit

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// On a terminal the table is drawn at each event and at each tick of
// its clock, so the times count up between events: a persistent
// resource's provisioning shows its progress message and elapsed time,
// a job the time in its state; a document's clock stops once it settled.
func TestProgressTable(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := t0
	ticks := make(chan time.Time)
	stopped := false
	p := newProgressClock(&out, true, func() time.Time { return clock }, ticks, func() { stopped = true })
	drew := make(chan struct{})
	p.drewTick = func() { drew <- struct{}{} }
	tick := func(after time.Duration) { ticks <- t0.Add(after); <-drew }
	pr := &Document{Kind: "PersistentResource", Name: "training-pr"}
	job := &etlDocument

	p.Event(Event{Doc: pr, What: "progress", Message: "Provisioning the resource pools"})
	tick(5 * time.Second)
	tick(65 * time.Second)
	clock = t0.Add(70 * time.Second)
	p.Event(Event{Doc: pr, What: "created", State: "RUNNING"})
	p.Event(eventOf(job, "created", "QUEUED"))
	tick(100 * time.Second)
	clock = t0.Add(110 * time.Second)
	p.Event(eventOf(job, "state", "RUNNING"))
	tick(125 * time.Second)
	clock = t0.Add(130 * time.Second)
	p.Event(eventOf(job, "state", "SUCCEEDED"))
	tick(200 * time.Second)
	p.Done()
	if !stopped {
		t.Error("done did not stop the ticker")
	}

	// Each drawing but the first starts by moving the cursor up over the
	// last.
	var frames []string
	for _, f := range regexp.MustCompile(`\x1b\[\d+A`).Split(out.String(), -1) {
		frames = append(frames, strings.ReplaceAll(f, "\x1b[2K", ""))
	}
	header := fmt.Sprintf("%-40s %-14s %7s %8s\n", "DOCUMENT", "STATE", "FOR", "ELAPSED")
	const (
		pr0  = "persistent resource training-pr"
		job0 = "custom job etl"
	)
	row := func(label, state, inState, elapsed, detail string) string {
		return strings.TrimRight(fmt.Sprintf("%-40s %-14s %7s %8s  %s", label, state, inState, elapsed, detail), " ") + "\n"
	}
	want := []string{
		header + row(pr0, "-", "-", "0s", "Provisioning the resource pools"),
		header + row(pr0, "-", "-", "5s", "Provisioning the resource pools"),
		header + row(pr0, "-", "-", "1m5s", "Provisioning the resource pools"),
		header + row(pr0, "RUNNING", "0s", "1m10s", ""),
		header + row(pr0, "RUNNING", "0s", "1m10s", "") + row(job0, "QUEUED", "0s", "0s", "job 42"),
		header + row(pr0, "RUNNING", "0s", "1m10s", "") + row(job0, "QUEUED", "30s", "30s", "job 42"),
		header + row(pr0, "RUNNING", "0s", "1m10s", "") + row(job0, "RUNNING", "0s", "40s", "job 42"),
		header + row(pr0, "RUNNING", "0s", "1m10s", "") + row(job0, "RUNNING", "15s", "55s", "job 42"),
		header + row(pr0, "RUNNING", "0s", "1m10s", "") + row(job0, "SUCCEEDED", "0s", "1m0s", "job 42"),
		// tick(200s), then done: the ended job's clock has stopped.
		header + row(pr0, "RUNNING", "0s", "1m10s", "") + row(job0, "SUCCEEDED", "0s", "1m0s", "job 42"),
		header + row(pr0, "RUNNING", "0s", "1m10s", "") + row(job0, "SUCCEEDED", "0s", "1m0s", "job 42"),
	}
	trim := func(frames []string) []string {
		out := make([]string, len(frames))
		for i, f := range frames {
			out[i] = regexp.MustCompile(`(?m) +$`).ReplaceAllString(f, "")
		}
		return out
	}
	if got := trim(frames); !slices.Equal(got, want) {
		t.Errorf("drawings:\n%s\nwant:\n%s", strings.Join(got, "--\n"), strings.Join(want, "--\n"))
	}
}

// Off a terminal there is no table and no clock: a line per event.
func TestProgressLines(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	p := NewProgress(&out, false)
	p.Event(eventOf(&etlDocument, "created", "QUEUED"))
	p.Event(Event{Doc: &etlDocument, What: "state", Job: "projects/1/locations/l/customJobs/42", From: "QUEUED", State: "RUNNING"})
	p.Done()
	want := "custom job etl: created job 42 (QUEUED)\ncustom job etl: QUEUED → RUNNING (job 42)\n"
	if out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

var etlDocument = Document{Kind: "CustomJob", Name: "etl"}

func eventOf(d *Document, what EventKind, state string) Event {
	return Event{Doc: d, What: what, Job: "projects/1/locations/l/customJobs/42", State: state}
}
