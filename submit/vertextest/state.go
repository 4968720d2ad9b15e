package vertextest

import (
	"cloud.google.com/go/logging/apiv2/loggingpb"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/longrunning/autogen/longrunningpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// state is everything the server holds. All of it is guarded by Server.mu.
//
// Nothing moves on its own: before each call the server settles the state
// up to the clock's now, replaying in time order the events that fell due
// since (a job's next state, an operation finishing, a queued job getting
// its replicas). So a FakeClock gives tests exact control, and the real
// clock gives the emulator live behaviour, with no goroutines either way.
type state struct {
	projects map[string]int64 // project ID → number
	byNumber map[int64]string

	jobs      map[string]*job      // by canonical name
	created   map[parent][]*job    // per parent, oldest first (see listOrder)
	active    []*job               // jobs not yet terminal, in order of creation
	resources map[string]*resource // by canonical name
	ops       map[string]*operation
	pending   []*operation // operations not yet done, in order of start

	rng       *rand.Rand
	nextJobID uint64
	nextOpID  uint64
	seq       int64
	logSeq    int64
	failRules []failRule
	logRules  []logRule
	tails     []*tail // the open TailLogEntries streams
	denied    []denial
}

func newState(projects map[string]int64, seed int64) *state {
	st := &state{
		projects:  map[string]int64{},
		byNumber:  map[int64]string{},
		jobs:      map[string]*job{},
		created:   map[parent][]*job{},
		resources: map[string]*resource{},
		ops:       map[string]*operation{},
		rng:       rand.New(rand.NewPCG(uint64(seed), 0x5eed)),
	}
	for id, n := range projects {
		st.projects[id] = n
		st.byNumber[n] = id
	}
	// Job IDs are 19-digit numbers, like Vertex AI's, and grow with each
	// job so that name order is creation order.
	st.nextJobID = 1_000_000_000_000_000_000*uint64(2+st.rng.IntN(7)) + st.rng.Uint64N(100_000_000_000_000_000)
	st.nextOpID = 1_000_000_000_000_000_000*uint64(1+st.rng.IntN(8)) + st.rng.Uint64N(100_000_000_000_000_000)
	return st
}

// projectNumber returns the number of a project given by ID or number.
func (st *state) projectNumber(p string) (int64, error) {
	if p == "" {
		return 0, status.Error(codes.InvalidArgument, "the project is empty")
	}
	if n, err := strconv.ParseInt(p, 10, 64); err == nil && n > 0 {
		return n, nil
	}
	if n, ok := st.projects[p]; ok {
		return n, nil
	}
	// A project not configured gets a stable 12-digit number from its ID.
	h := fnv.New64a()
	h.Write([]byte(p))
	n := int64(100_000_000_000 + h.Sum64()%900_000_000_000)
	for st.byNumber[n] != "" {
		n++
	}
	st.projects[p] = n
	st.byNumber[n] = p
	return n, nil
}

// parent is a canonical "projects/NUMBER/locations/LOCATION".
type parent string

// parseParent checks a parent name and returns its canonical form.
func (st *state) parseParent(name string) (parent, error) {
	parts := strings.Split(name, "/")
	if len(parts) != 4 || parts[0] != "projects" || parts[2] != "locations" || parts[3] == "" {
		return "", status.Errorf(codes.InvalidArgument, "parent %q is not of the form projects/{project}/locations/{location}", name)
	}
	n, err := st.projectNumber(parts[1])
	if err != nil {
		return "", err
	}
	return parent(fmt.Sprintf("projects/%d/locations/%s", n, parts[3])), nil
}

// parseName checks the name of a resource in collection (customJobs,
// persistentResources) and returns its canonical form and its ID.
func (st *state) parseName(name, collection string) (string, parent, error) {
	parts := strings.Split(name, "/")
	if len(parts) != 6 || parts[4] != collection || parts[5] == "" {
		return "", "", status.Errorf(codes.InvalidArgument, "name %q is not of the form projects/{project}/locations/{location}/%s/{id}", name, collection)
	}
	p, err := st.parseParent(strings.Join(parts[:4], "/"))
	if err != nil {
		return "", "", err
	}
	return string(p) + "/" + collection + "/" + parts[5], p, nil
}

// job is a custom job and what the server tracks about it.
type job struct {
	pb       *aiplatformpb.CustomJob
	seq      int64
	parent   parent
	resource *resource        // nil when the job does not run on one
	demand   map[string]int64 // resource pool ID → replicas
	failWith string           // the error a job told to fail ends with
	runLogs  []LogLine        // what it logs when it starts running (LogJobs)

	admitted   bool // holds its replicas; its lifecycle is running
	admittedAt time.Time
	cancelAt   time.Time // when cancel was asked; zero if never

	logs []*loggingpb.LogEntry // in the order written
}

func (j *job) terminal() bool { return terminalJobStates[j.pb.State] }

var terminalJobStates = map[aiplatformpb.JobState]bool{
	aiplatformpb.JobState_JOB_STATE_SUCCEEDED:           true,
	aiplatformpb.JobState_JOB_STATE_FAILED:              true,
	aiplatformpb.JobState_JOB_STATE_CANCELLED:           true,
	aiplatformpb.JobState_JOB_STATE_EXPIRED:             true,
	aiplatformpb.JobState_JOB_STATE_PARTIALLY_SUCCEEDED: true,
}

// resource is a persistent resource; used counts the replicas that
// admitted jobs hold, per pool ID.
type resource struct {
	pb   *aiplatformpb.PersistentResource
	used map[string]int64
}

// view is the resource as clients see it, used replicas filled in. An
// autoscaling pool whose jobs use more than its replica count has grown
// to hold them, as Vertex AI's does: it reads back scaled (up to its
// maximum, which admission keeps to), never with more replicas in use
// than it has. Once they are free it reads back as configured again.
func (r *resource) view() *aiplatformpb.PersistentResource {
	pr := proto.Clone(r.pb).(*aiplatformpb.PersistentResource)
	for _, p := range pr.ResourcePools {
		used := r.used[p.Id]
		p.UsedReplicaCount = used
		if p.GetAutoscalingSpec() != nil && used > p.GetReplicaCount() {
			p.ReplicaCount = proto.Int64(used)
		}
	}
	return pr
}

// operation is a long-running operation. finish runs when it is done and
// gives its response or error; cancel, when set, undoes what it started.
type operation struct {
	pb     *longrunningpb.Operation
	doneAt time.Time
	finish func(t time.Time) (proto.Message, error)
	cancel func(t time.Time)
}

// startOp starts an operation on the resource named owner, done after d.
func (st *state) startOp(owner string, metadata proto.Message, now time.Time, d time.Duration, finish func(time.Time) (proto.Message, error)) *operation {
	st.nextOpID += 1 + st.rng.Uint64N(1<<20)
	op := &operation{
		pb:     &longrunningpb.Operation{Name: fmt.Sprintf("%s/operations/%d", owner, st.nextOpID)},
		doneAt: now.Add(d),
		finish: finish,
	}
	if metadata != nil {
		op.pb.Metadata = mustAny(metadata)
	}
	st.ops[op.pb.Name] = op
	st.pending = append(st.pending, op)
	return op
}

// completeOp marks op done at t with the outcome of its finish.
func (st *state) completeOp(op *operation, t time.Time) {
	st.pending = removeOne(st.pending, op)
	resp, err := op.finish(t)
	op.pb.Done = true
	if err != nil {
		op.pb.Result = &longrunningpb.Operation_Error{Error: status.Convert(err).Proto()}
		return
	}
	op.pb.Result = &longrunningpb.Operation_Response{Response: mustAny(resp)}
}

// settle replays every event due by now, in time order. Ties go to
// operations first, then to jobs in order of creation, so that a replay is
// the same every time.
func (st *state) settle(now time.Time, life Lifecycle) {
	for {
		var at time.Time
		var fire func()
		consider := func(t time.Time, f func()) {
			if !t.After(now) && (fire == nil || t.Before(at)) {
				at, fire = t, f
			}
		}
		for _, op := range st.pending {
			consider(op.doneAt, func() { st.completeOp(op, op.doneAt) })
		}
		for _, j := range st.active {
			if t, ok := j.nextEvent(life); ok {
				consider(t, func() { st.stepJob(j, t, life) })
			}
		}
		if fire == nil {
			return
		}
		fire()
	}
}

// nextEvent is when the job next changes state, if it will on its own.
func (j *job) nextEvent(life Lifecycle) (time.Time, bool) {
	if !j.cancelAt.IsZero() {
		return j.cancelAt.Add(life.Cancelling), true
	}
	if !j.admitted {
		return time.Time{}, false // waits for replicas
	}
	switch j.pb.State {
	case aiplatformpb.JobState_JOB_STATE_QUEUED:
		return j.admittedAt.Add(life.Queued), true
	case aiplatformpb.JobState_JOB_STATE_PENDING:
		return j.admittedAt.Add(life.Queued + life.Pending), true
	case aiplatformpb.JobState_JOB_STATE_RUNNING:
		return j.admittedAt.Add(life.Queued + life.Pending + life.Running), true
	}
	return time.Time{}, false
}

// stepJob moves the job to its next state at t.
func (st *state) stepJob(j *job, t time.Time, life Lifecycle) {
	if !j.cancelAt.IsZero() {
		j.pb.Error = status.New(codes.Canceled, "CANCELED").Proto()
		st.endJob(j, aiplatformpb.JobState_JOB_STATE_CANCELLED, t, life)
		return
	}
	switch j.pb.State {
	case aiplatformpb.JobState_JOB_STATE_QUEUED:
		st.setJobState(j, aiplatformpb.JobState_JOB_STATE_PENDING, t)
	case aiplatformpb.JobState_JOB_STATE_PENDING:
		st.setJobState(j, aiplatformpb.JobState_JOB_STATE_RUNNING, t)
		j.pb.StartTime = timestamppb.New(t)
		for _, l := range j.runLogs {
			st.logLine(j, l.Replica, l.severity(), l.Text, t)
		}
	case aiplatformpb.JobState_JOB_STATE_RUNNING:
		if j.failWith != "" {
			// Vertex AI reports a replica that exits non-zero this way.
			j.pb.Error = status.New(codes.InvalidArgument, j.failWith).Proto()
			st.endJob(j, aiplatformpb.JobState_JOB_STATE_FAILED, t, life)
			return
		}
		st.endJob(j, aiplatformpb.JobState_JOB_STATE_SUCCEEDED, t, life)
	}
}

func (st *state) setJobState(j *job, s aiplatformpb.JobState, t time.Time) {
	j.pb.State = s
	j.pb.UpdateTime = timestamppb.New(t)
	st.logState(j, t)
}

// endJob moves a job to a terminal state and gives its replicas to the
// jobs waiting for them.
func (st *state) endJob(j *job, s aiplatformpb.JobState, t time.Time, life Lifecycle) {
	st.setJobState(j, s, t)
	j.pb.EndTime = timestamppb.New(t)
	st.active = removeOne(st.active, j)
	if j.admitted && j.resource != nil {
		for id, n := range j.demand {
			j.resource.used[id] -= n
		}
		st.admit(j.resource, t)
	}
}

// admit starts, at t, the waiting jobs of r that fit in what is free, in
// order of creation; a job that does not fit does not hold up later ones
// that do.
func (st *state) admit(r *resource, t time.Time) {
	if r.pb.State != aiplatformpb.PersistentResource_RUNNING {
		return
	}
	for _, j := range st.active {
		if j.resource != r || j.admitted || !j.cancelAt.IsZero() || !fits(r, j.demand) {
			continue
		}
		j.admitted, j.admittedAt = true, t
		for id, n := range j.demand {
			r.used[id] += n
		}
	}
}

// fits reports whether demand fits in what r's pools have free.
func fits(r *resource, demand map[string]int64) bool {
	for _, p := range r.pb.ResourcePools {
		if n := demand[p.Id]; n > 0 && r.used[p.Id]+n > poolLimit(p) {
			return false
		}
	}
	return true
}

// poolLimit is the most replicas a pool can hold: its autoscaling maximum
// when it has one, else its replica count.
func poolLimit(p *aiplatformpb.ResourcePool) int64 {
	if as := p.GetAutoscalingSpec(); as != nil && as.GetMaxReplicaCount() > 0 {
		return as.GetMaxReplicaCount()
	}
	return p.GetReplicaCount()
}

// cancelJob asks an active job to stop; it is CANCELLING until the
// lifecycle's Cancelling time has passed.
func (st *state) cancelJob(j *job, t time.Time) {
	j.cancelAt = t
	st.setJobState(j, aiplatformpb.JobState_JOB_STATE_CANCELLING, t)
}

func removeOne[T comparable](s []T, x T) []T {
	for i, y := range s {
		if y == x {
			return append(s[:i], s[i+1:]...)
		}
	}
	return s
}

func mustAny(m proto.Message) *anypb.Any {
	a, err := anypb.New(m)
	if err != nil {
		panic(fmt.Sprintf("vertextest: %v", err)) // only for unregistered types, which these are not
	}
	return a
}
