package submit

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/logging/apiv2/loggingpb"
	"google.golang.org/protobuf/proto"

	"github.com/vxjob/vxjob/internal/resname"
)

// LogQuery says which log entries of a job to read.
type LogQuery struct {
	Project string // the project the entries are in (ID or number)
	JobID   string // the job's numeric ID
	Since   time.Time
	Replica string // a task name such as workerpool0-0; "" for all
	// PageSize is the entries asked per call; 0 is Logging's most, 1,000.
	PageSize int
}

// Filter is the Cloud Logging query: the monitored resource Vertex AI
// writes custom jobs' logs under, as gcloud's `ai custom-jobs
// stream-logs` asks it (resource.type "ml_job", the job's ID in
// resource.labels.job_id, the replica in resource.labels.task_name).
func (q LogQuery) Filter() string {
	f := fmt.Sprintf(`resource.type="ml_job" AND resource.labels.job_id=%q`, q.JobID)
	if q.Replica != "" {
		f += fmt.Sprintf(" AND resource.labels.task_name=%q", q.Replica)
	}
	if !q.Since.IsZero() {
		f += fmt.Sprintf(" AND timestamp>=%q", q.Since.UTC().Format(time.RFC3339Nano))
	}
	return f
}

// JobLogPages hands use a job's log entries, oldest first, a page at a
// time as they are read, each page with its own retries (Timing.read): a
// long log is printed as it comes and never held whole.
func (c *Client) JobLogPages(ctx context.Context, q LogQuery, use func(entries []*loggingpb.LogEntry) error) error {
	return c.jobLogPages(ctx, c.timing(), q, use)
}

func (c *Client) jobLogPages(ctx context.Context, t Timing, q LogQuery, use func(entries []*loggingpb.LogEntry) error) error {
	if c.Logs == nil {
		return errors.New("this connection has no Cloud Logging client")
	}
	size := q.PageSize
	if size == 0 {
		size = 1000
	}
	req := &loggingpb.ListLogEntriesRequest{
		ResourceNames: []string{"projects/" + q.Project},
		Filter:        q.Filter(),
		OrderBy:       "timestamp asc",
	}
	fetch := func(ctx context.Context, size int, token string) ([]*loggingpb.LogEntry, string, error) {
		page := proto.Clone(req).(*loggingpb.ListLogEntriesRequest)
		page.PageSize, page.PageToken = int32(size), token
		return c.Logs.ListLogEntries(ctx, page)
	}
	return eachPage(ctx, t, "the log entries of job "+q.JobID, size, fetch, func(page []*loggingpb.LogEntry, _ bool) error {
		return use(page)
	})
}

// LastLogs reads the last n entries of a job, oldest first: one page of
// n, newest first, reversed, so that a long log costs one call.
func (c *Client) LastLogs(ctx context.Context, q LogQuery, n int) ([]*loggingpb.LogEntry, error) {
	return lastLogs(ctx, c.timing(), c, q, n)
}

func lastLogs(ctx context.Context, t Timing, c *Client, q LogQuery, n int) ([]*loggingpb.LogEntry, error) {
	if c.Logs == nil {
		return nil, errors.New("this connection has no Cloud Logging client")
	}
	req := &loggingpb.ListLogEntriesRequest{
		ResourceNames: []string{"projects/" + q.Project},
		Filter:        q.Filter(),
		OrderBy:       "timestamp desc",
		PageSize:      int32(n),
	}
	var entries []*loggingpb.LogEntry
	err := t.read(ctx, func(ctx context.Context) (err error) {
		entries, _, err = c.Logs.ListLogEntries(ctx, req)
		return err
	})
	if err != nil {
		return nil, callErrorf(err, "reading the last log entries of job %s", q.JobID)
	}
	if len(entries) > n {
		entries = entries[:n]
	}
	slices.Reverse(entries)
	return entries, nil
}

// lastRecords is lastLogs of job (a resource name) in project, as the
// records that summaries print.
func lastRecords(ctx context.Context, t Timing, c *Client, project, job string, n int) ([]LogRecord, error) {
	entries, err := lastLogs(ctx, t, c, LogQuery{Project: project, JobID: JobIDOf(job)}, n)
	if err != nil {
		return nil, err
	}
	recs := make([]LogRecord, len(entries))
	for i, e := range entries {
		recs[i] = Record(e)
	}
	return recs, nil
}

var jobIDPattern = regexp.MustCompile(`^[0-9]{1,30}$`)

// FindJob resolves what `vxjob logs` is given: a numeric job ID or a
// job's resource name (read with GetCustomJob, so that a job that does not
// exist says so), or else the metadata.name of a job document, whose
// newest managed job in project and location it returns.
func (c *Client) FindJob(ctx context.Context, project, location, ref string) (*aiplatformpb.CustomJob, error) {
	t := c.timing()
	parent := fmt.Sprintf("projects/%s/locations/%s", project, location)
	name := ""
	switch {
	case jobIDPattern.MatchString(ref):
		name = parent + "/customJobs/" + ref
	case strings.Contains(ref, "/"):
		if !jobNamePattern.MatchString(ref) {
			return nil, fmt.Errorf("%q is not a job: give a document's metadata.name, a job ID or projects/P/locations/L/customJobs/ID", ref)
		}
		name = ref
	}
	if name != "" {
		job, err := c.getJob(ctx, t, name)
		if err != nil {
			return nil, &CallError{fmt.Sprintf("reading job %s: %s", name, describe(err)), err}
		}
		return job, nil
	}
	key := JobKey(project, location, ref)
	jobs, err := listManaged(ctx, t, c, parent, fmt.Sprintf("labels.%s=%q", LabelKey, key))
	if err != nil {
		return nil, err
	}
	if len(jobs) == 0 {
		return nil, &NoJobError{Name: ref, Parent: parent}
	}
	sorted := oldestFirst(jobs)
	return sorted[len(sorted)-1], nil
}

// NoJobError is a document name that no job vxjob made carries.
type NoJobError struct{ Name, Parent string }

func (e *NoJobError) Error() string {
	return fmt.Sprintf("no job of document %q in %s: vxjob has not applied it there (check --project and --location), or give the job ID", e.Name, e.Parent)
}

// JobIDOf is the numeric ID at the end of a job's resource name.
func JobIDOf(name string) string { return resname.ID(name) }

// FollowLogs hands emit a job's entries as they come, oldest first, until
// the job has ended and what it logged by then is drained, and returns the
// job as last read. Every Timing.Poll it reads the job, then the entries
// new since the last look (logTail), so a poll that fails, after the
// retries of each page, is told apart from one that found nothing and no
// entry is shown twice. A second look after the job ends catches the
// entries that arrive within one Timing.Poll.
func (c *Client) FollowLogs(ctx context.Context, q LogQuery, job string, emit func(job *aiplatformpb.CustomJob, entries []*loggingpb.LogEntry) error) (*aiplatformpb.CustomJob, error) {
	t := c.timing()
	tail := newLogTail(q)
	ended := false
	for {
		j, err := c.getJob(ctx, t, job)
		if err != nil {
			return nil, callErrorf(err, "following job %s", job)
		}
		// The state is read before the entries, so that once it has ended
		// the list has all that it logged before.
		drained := ended
		ended = !activeStates[j.GetState()]
		emitted := false
		err = tail.next(ctx, t, c, func(fresh []*loggingpb.LogEntry) error {
			emitted = true
			return emit(j, fresh)
		})
		if err != nil {
			return j, err
		}
		if !emitted { // a look that found nothing is one too
			if err := emit(j, nil); err != nil {
				return j, err
			}
		}
		if ended && drained {
			return j, nil
		}
		if err := t.pause(ctx, t.Poll); err != nil {
			return j, err
		}
	}
}

// logTail reads a job's log from where it last stopped: the entries from
// the last one seen (timestamp >= its time), the entries already seen at
// that time skipped by insertId, so that one logged later at the same
// time is not lost and none is given twice. A read that fails part way
// leaves it after the last page handed over, so the next resumes there.
// Entries that Cloud Logging receives late, with a time before the last
// entry seen, are missed.
type logTail struct {
	q    LogQuery
	last time.Time
	seen map[string]bool // the insertIds of the entries at last
}

func newLogTail(q LogQuery) *logTail {
	return &logTail{q: q, last: q.Since, seen: map[string]bool{}}
}

// next hands use the entries new since the last call, oldest first, a
// page at a time; the tail moves past each page before use sees it, so a
// read that fails part way resumes after the last page handed over.
func (lt *logTail) next(ctx context.Context, t Timing, c *Client, use func(fresh []*loggingpb.LogEntry) error) error {
	q := lt.q
	q.Since = lt.last
	return c.jobLogPages(ctx, t, q, func(entries []*loggingpb.LogEntry) error {
		var fresh []*loggingpb.LogEntry
		for _, e := range entries {
			at := e.GetTimestamp().AsTime()
			if at.Before(lt.last) || at.Equal(lt.last) && lt.seen[e.GetInsertId()] {
				continue
			}
			if at.After(lt.last) {
				lt.last, lt.seen = at, map[string]bool{}
			}
			lt.seen[e.GetInsertId()] = true
			fresh = append(fresh, e)
		}
		if len(fresh) == 0 {
			return nil
		}
		return use(fresh)
	})
}
