package vertextest

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/logging/apiv2/loggingpb"
	"google.golang.org/genproto/googleapis/api/monitoredres"
	ltype "google.golang.org/genproto/googleapis/logging/type"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// The Logging API's side of the emulator: the entries Vertex AI writes for
// custom jobs, under the monitored resource gcloud's
// `ai custom-jobs stream-logs` reads (resource.type "ml_job", the job's ID
// in resource.labels.job_id, the replica in resource.labels.task_name).

// LogLine is a line a job's replica logged. The zero Severity is INFO; a
// line the program wrote to stderr is recorded at ERROR, as Vertex AI
// records stderr.
type LogLine struct {
	Replica  string // e.g. "workerpool0-0"; "" is workerpool0-0
	Text     string
	Severity ltype.LogSeverity
	Stderr   bool
	// At is when it was logged; zero is the server's now.
	At time.Time
}

// AddJobLogs appends lines to the log of the job named name (a full
// resource name, as CreateCustomJob returned it). It reports whether
// the job exists.
func (s *Server) AddJobLogs(name string, lines ...LogLine) bool {
	now := s.begin()
	defer s.mu.Unlock()
	canon, _, err := s.state.parseName(name, "customJobs")
	if err != nil {
		return false
	}
	j := s.state.jobs[canon]
	if j == nil {
		return false
	}
	for _, l := range lines {
		at := l.At
		if at.IsZero() {
			at = now
		}
		s.state.logLine(j, l.Replica, l.severity(), l.Text, at)
	}
	return true
}

func (l LogLine) severity() ltype.LogSeverity {
	switch {
	case l.Stderr:
		return ltype.LogSeverity_ERROR
	case l.Severity == ltype.LogSeverity_DEFAULT:
		return ltype.LogSeverity_INFO
	}
	return l.Severity
}

// logRule gives the jobs it matches lines to log when they start running.
type logRule struct {
	match func(*aiplatformpb.CustomJob) bool
	lines []LogLine
}

// LogJobs makes every job created from now on that match accepts log
// lines when it starts RUNNING (their At is ignored), so that a test can
// give a job a log before it ends without stopping the clock between.
func (s *Server) LogJobs(match func(*aiplatformpb.CustomJob) bool, lines ...LogLine) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.logRules = append(s.state.logRules, logRule{match, lines})
}

// replicas are the task names of a job's replicas: workerpoolI-J.
func replicas(pb *aiplatformpb.CustomJob) []string {
	var out []string
	for i, p := range pb.GetJobSpec().GetWorkerPoolSpecs() {
		for r := int64(0); r < max(p.GetReplicaCount(), 1) && r < 64; r++ {
			out = append(out, fmt.Sprintf("workerpool%d-%d", i, r))
		}
	}
	return out
}

// logState writes a line per replica for the job's new state.
func (st *state) logState(j *job, t time.Time) {
	sev := ltype.LogSeverity_INFO
	if j.pb.State == aiplatformpb.JobState_JOB_STATE_FAILED {
		sev = ltype.LogSeverity_ERROR
	}
	text := "Job state: " + j.pb.State.String()
	if msg := j.pb.GetError().GetMessage(); msg != "" {
		text += ": " + msg
	}
	for _, r := range replicas(j.pb) {
		st.logLine(j, r, sev, text, t)
	}
}

func (st *state) logLine(j *job, replica string, sev ltype.LogSeverity, text string, t time.Time) {
	if replica == "" {
		replica = "workerpool0-0"
	}
	// Bounded as the journal is: a test that logs without end must not
	// exhaust memory.
	if len(j.logs) >= maxJobLogs {
		return
	}
	project := j.parent.project(st)
	id := j.pb.Name[strings.LastIndex(j.pb.Name, "/")+1:]
	st.logSeq++
	e := &loggingpb.LogEntry{
		LogName: "projects/" + project + "/logs/" + replica,
		Resource: &monitoredres.MonitoredResource{Type: "ml_job", Labels: map[string]string{
			"job_id": id, "project_id": project, "task_name": replica,
		}},
		Timestamp:        timestamppb.New(t),
		ReceiveTimestamp: timestamppb.New(t),
		Severity:         sev,
		InsertId:         fmt.Sprintf("%016d", st.logSeq),
		Payload:          &loggingpb.LogEntry_TextPayload{TextPayload: text},
	}
	j.logs = append(j.logs, e)
	st.tailed(j, e)
}

const maxJobLogs = 100_000

// project is the parent's project ID (the number when no ID is known).
func (p parent) project(st *state) string {
	num := strings.Split(string(p), "/")[1]
	var n int64
	fmt.Sscan(num, &n)
	if id := st.byNumber[n]; id != "" {
		return id
	}
	return num
}

type loggingService struct {
	loggingpb.UnimplementedLoggingServiceV2Server
	s *Server
}

// logFilter is the part of the Logging query language the emulator
// understands: terms joined by AND.
type logFilter struct {
	resourceType, jobID, task string
	after, before             time.Time // after is inclusive, before is not
	afterSet, beforeSet       bool
}

var logTerm = regexp.MustCompile(`^([A-Za-z_.]+)\s*(=|>=|<)\s*"?([^"]*)"?$`)

func parseLogFilter(f string) (logFilter, error) {
	var lf logFilter
	if strings.TrimSpace(f) == "" {
		return lf, nil
	}
	for _, term := range strings.Split(f, " AND ") {
		term = strings.TrimSpace(term)
		m := logTerm.FindStringSubmatch(term)
		if m == nil {
			return lf, invalid("filter term %q: the emulator reads KEY=\"VALUE\" terms joined by AND", term)
		}
		key, op, val := m[1], m[2], m[3]
		switch {
		case key == "resource.type" && op == "=":
			lf.resourceType = val
		case key == "resource.labels.job_id" && op == "=":
			lf.jobID = val
		case key == "resource.labels.task_name" && op == "=":
			lf.task = val
		case key == "timestamp" && op != "=":
			t, err := time.Parse(time.RFC3339Nano, val)
			if err != nil {
				return lf, invalid("filter term %q: the timestamp is not RFC 3339", term)
			}
			if op == ">=" {
				lf.after, lf.afterSet = t, true
			} else {
				lf.before, lf.beforeSet = t, true
			}
		default:
			return lf, invalid("filter term %q: the emulator filters on resource.type, resource.labels.job_id, resource.labels.task_name and timestamp", term)
		}
	}
	return lf, nil
}

func (lf logFilter) match(e *loggingpb.LogEntry) bool {
	r := e.GetResource()
	t := e.GetTimestamp().AsTime()
	return (lf.resourceType == "" || r.GetType() == lf.resourceType) &&
		(lf.jobID == "" || r.GetLabels()["job_id"] == lf.jobID) &&
		(lf.task == "" || r.GetLabels()["task_name"] == lf.task) &&
		(!lf.afterSet || !t.Before(lf.after)) &&
		(!lf.beforeSet || t.Before(lf.before))
}

// logQuery is what ListLogEntries and TailLogEntries are asked: the
// entries of the jobs in some projects that a filter matches.
type logQuery struct {
	projects map[int64]bool // project numbers
	filter   logFilter
}

func (st *state) parseLogQuery(resourceNames []string, filter string) (logQuery, error) {
	q := logQuery{projects: map[int64]bool{}}
	if len(resourceNames) == 0 {
		return q, invalid("resource_names is empty: name at least one projects/{project}")
	}
	for _, rn := range resourceNames {
		parts := strings.Split(rn, "/")
		if len(parts) != 2 || parts[0] != "projects" {
			return q, invalid("resource name %q: the emulator serves projects/{project}", rn)
		}
		n, err := st.projectNumber(parts[1])
		if err != nil {
			return q, err
		}
		q.projects[n] = true
	}
	var err error
	q.filter, err = parseLogFilter(filter)
	return q, err
}

// match says whether q asks for e, an entry of j's log.
func (q logQuery) match(j *job, e *loggingpb.LogEntry) bool {
	var n int64
	fmt.Sscan(strings.Split(string(j.parent), "/")[1], &n)
	return q.projects[n] && q.filter.match(e)
}

func (ls *loggingService) ListLogEntries(_ context.Context, req *loggingpb.ListLogEntriesRequest) (*loggingpb.ListLogEntriesResponse, error) {
	s := ls.s
	s.begin()
	defer s.mu.Unlock()
	st := s.state
	q, err := st.parseLogQuery(req.GetResourceNames(), req.GetFilter())
	if err != nil {
		return nil, err
	}
	desc := false
	switch strings.TrimSpace(req.GetOrderBy()) {
	case "", "timestamp asc":
	case "timestamp desc":
		desc = true
	default:
		return nil, invalid("order_by %q: it must be \"timestamp asc\" or \"timestamp desc\"", req.GetOrderBy())
	}
	var entries []*loggingpb.LogEntry
	for _, j := range st.jobs {
		for _, e := range j.logs {
			if q.match(j, e) {
				entries = append(entries, e)
			}
		}
	}
	order := func(a, b *loggingpb.LogEntry) int {
		if c := a.GetTimestamp().AsTime().Compare(b.GetTimestamp().AsTime()); c != 0 {
			return c
		}
		return strings.Compare(a.InsertId, b.InsertId)
	}
	if desc {
		slices.SortFunc(entries, func(a, b *loggingpb.LogEntry) int { return order(b, a) })
	} else {
		slices.SortFunc(entries, order)
	}
	size := req.GetPageSize()
	if size < 0 {
		return nil, invalid("page_size must not be negative")
	}
	if size == 0 {
		size = int32(s.opts.PageSize)
	}
	size = min(size, maxPageSize)
	key := req.GetFilter() + "\x00" + req.GetOrderBy()
	start := 0
	if req.GetPageToken() != "" {
		after, err := decodeToken(req.GetPageToken(), key)
		if err != nil {
			return nil, err
		}
		pe := &loggingpb.LogEntry{Timestamp: timestamppb.New(after.t), InsertId: after.name}
		start = len(entries)
		for i, e := range entries {
			if c := order(e, pe); desc && c < 0 || !desc && c > 0 {
				start = i
				break
			}
		}
	}
	end := min(start+int(size), len(entries))
	resp := &loggingpb.ListLogEntriesResponse{}
	for _, e := range entries[start:end] {
		resp.Entries = append(resp.Entries, proto.Clone(e).(*loggingpb.LogEntry))
	}
	if end < len(entries) {
		last := entries[end-1]
		resp.NextPageToken = encodeToken(key, position{t: last.GetTimestamp().AsTime(), name: last.InsertId})
	}
	return resp, nil
}
