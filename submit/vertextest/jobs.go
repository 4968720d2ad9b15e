package vertextest

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/longrunning/autogen/longrunningpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/vxjob/vxjob/submit/vertextest/internal/listfilter"
)

// jobService is the JobService for custom jobs; its other methods answer
// UNIMPLEMENTED.
type jobService struct {
	aiplatformpb.UnimplementedJobServiceServer
	s *Server
}

// failRule makes the jobs it matches fail when they would succeed.
type failRule struct {
	match   func(*aiplatformpb.CustomJob) bool
	message string
}

// FailJobs makes every job created from now on that match accepts end
// FAILED with message instead of SUCCEEDED.
func (s *Server) FailJobs(match func(*aiplatformpb.CustomJob) bool, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.failRules = append(s.state.failRules, failRule{match, message})
}

func (js *jobService) CreateCustomJob(_ context.Context, req *aiplatformpb.CreateCustomJobRequest) (*aiplatformpb.CustomJob, error) {
	s := js.s
	now := s.begin()
	defer s.mu.Unlock()
	st := s.state
	p, err := st.parseParent(req.GetParent())
	if err != nil {
		return nil, err
	}
	if err := validateJob(req.GetCustomJob()); err != nil {
		return nil, err
	}
	pb := proto.Clone(req.CustomJob).(*aiplatformpb.CustomJob)
	clearOutputOnly(pb)
	j := &job{pb: pb, parent: p}
	if id := pb.JobSpec.PersistentResourceId; id != "" {
		if j.resource, j.demand, err = st.placeJob(p, id, pb); err != nil {
			return nil, err
		}
	}

	st.nextJobID += 1 + st.rng.Uint64N(1<<20)
	st.seq++
	j.seq = st.seq
	pb.Name = fmt.Sprintf("%s/customJobs/%d", p, st.nextJobID)
	pb.State = aiplatformpb.JobState_JOB_STATE_QUEUED
	pb.CreateTime = timestamppb.New(now)
	pb.UpdateTime = pb.CreateTime
	for _, r := range st.failRules {
		if r.match(pb) {
			j.failWith = r.message
		}
	}
	for _, r := range st.logRules {
		if r.match(pb) {
			j.runLogs = append(j.runLogs, r.lines...)
		}
	}
	st.addJob(j)
	st.logState(j, now)
	st.active = append(st.active, j)
	if j.resource == nil {
		j.admitted, j.admittedAt = true, now
	} else {
		st.admit(j.resource, now)
	}
	st.settle(now, s.life)
	return proto.Clone(pb).(*aiplatformpb.CustomJob), nil
}

// placeJob checks a job against the persistent resource id of parent p as
// Vertex AI does: it must exist and be RUNNING, its network and CMEK key
// must be the resource's, and its worker pools must fit the resource's
// pools. It returns the resource and the replicas the job takes per pool.
func (st *state) placeJob(p parent, id string, j *aiplatformpb.CustomJob) (*resource, map[string]int64, error) {
	r := st.resources[string(p)+"/persistentResources/"+id]
	if r == nil {
		return nil, nil, status.Errorf(codes.NotFound, "persistent resource %q not found in %s", id, p)
	}
	if r.pb.State != aiplatformpb.PersistentResource_RUNNING {
		return nil, nil, status.Errorf(codes.FailedPrecondition, "persistent resource %q is %s, not RUNNING", id, r.pb.State)
	}
	if a, b := st.canonNetwork(j.JobSpec.Network), st.canonNetwork(r.pb.Network); a != b {
		return nil, nil, invalid("the job's network %q is not the network %q of persistent resource %q", j.JobSpec.Network, r.pb.Network, id)
	}
	if a, b := j.GetEncryptionSpec().GetKmsKeyName(), r.pb.GetEncryptionSpec().GetKmsKeyName(); a != b {
		return nil, nil, invalid("the job's encryption key %q is not the key %q of persistent resource %q", a, b, id)
	}
	demand, err := demandOn(j.JobSpec, r.pb, id)
	return r, demand, err
}

// canonNetwork writes a network name with the project number, so that the
// same network named by project ID or number compares equal.
func (st *state) canonNetwork(n string) string {
	parts := strings.Split(n, "/")
	if len(parts) > 2 && parts[0] == "projects" {
		if num, err := st.projectNumber(parts[1]); err == nil {
			parts[1] = strconv.FormatInt(num, 10)
		}
	}
	return strings.Join(parts, "/")
}

// clearOutputOnly drops what a client may not set on a job.
func clearOutputOnly(j *aiplatformpb.CustomJob) {
	j.Name = ""
	j.State = aiplatformpb.JobState_JOB_STATE_UNSPECIFIED
	j.CreateTime, j.StartTime, j.EndTime, j.UpdateTime = nil, nil, nil, nil
	j.Error = nil
	j.WebAccessUris = nil
	j.SatisfiesPzs, j.SatisfiesPzi = false, false
}

func (js *jobService) GetCustomJob(_ context.Context, req *aiplatformpb.GetCustomJobRequest) (*aiplatformpb.CustomJob, error) {
	s := js.s
	s.begin()
	defer s.mu.Unlock()
	j, err := s.state.findJob(req.GetName())
	if err != nil {
		return nil, err
	}
	return proto.Clone(j.pb).(*aiplatformpb.CustomJob), nil
}

func (st *state) findJob(name string) (*job, error) {
	canon, _, err := st.parseName(name, "customJobs")
	if err != nil {
		return nil, err
	}
	j := st.jobs[canon]
	if j == nil {
		return nil, status.Errorf(codes.NotFound, "custom job %q not found", name)
	}
	return j, nil
}

// maxPageSize is what a larger page size is cut to.
const maxPageSize = 100

func (js *jobService) ListCustomJobs(_ context.Context, req *aiplatformpb.ListCustomJobsRequest) (*aiplatformpb.ListCustomJobsResponse, error) {
	// Parsed before the lock: a filter's cost is its own.
	filter, err := listfilter.Parse(req.GetFilter())
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	mask, err := newMask(&aiplatformpb.CustomJob{}, req.GetReadMask().GetPaths())
	if err != nil {
		return nil, err
	}
	s := js.s
	s.begin()
	defer s.mu.Unlock()
	p, err := s.state.parseParent(req.GetParent())
	if err != nil {
		return nil, err
	}
	page, next, err := s.state.jobPage(p, filter, req.GetPageSize(), int32(s.opts.PageSize), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	resp := &aiplatformpb.ListCustomJobsResponse{NextPageToken: next}
	for _, j := range page {
		c := proto.Clone(j.pb).(*aiplatformpb.CustomJob)
		mask.apply(c)
		resp.CustomJobs = append(resp.CustomJobs, c)
	}
	return resp, nil
}

// addJob adds a new job to the index. Its place in st.created is found
// by binary search; it is the end but for a clock that went back.
func (st *state) addJob(j *job) {
	st.jobs[j.pb.Name] = j
	list := st.created[j.parent]
	i, _ := slices.BinarySearchFunc(list, jobPosition(j.pb), func(x *job, p position) int { return listOrder(jobPosition(x.pb), p) })
	st.created[j.parent] = slices.Insert(list, i, j)
}

// removeJob takes a deleted job out of the index.
func (st *state) removeJob(j *job) {
	delete(st.jobs, j.pb.Name)
	list := st.created[j.parent]
	if i, found := slices.BinarySearchFunc(list, jobPosition(j.pb), func(x *job, p position) int { return listOrder(jobPosition(x.pb), p) }); found {
		st.created[j.parent] = slices.Delete(list, i, i+1)
	}
}

// jobPage returns one page of the jobs of p that filter matches, newest
// first, and the token of the next page. It walks st.created back from
// the token's position, so a page costs the jobs it looks at, not a sort
// of them all. A token holds the position of the last job given (not an
// index, so that jobs created between two pages neither repeat nor go
// missing) and the filter it was made for.
func (st *state) jobPage(p parent, filter *listfilter.Filter, size, def int32, token string) ([]*job, string, error) {
	if size < 0 {
		return nil, "", invalid("page_size must not be negative")
	}
	if size == 0 {
		size = def
	}
	size = min(size, maxPageSize)
	list := st.created[p]
	end := len(list) // the jobs still to list are list[:end], newest last
	if token != "" {
		after, err := decodeToken(token, filter.String())
		if err != nil {
			return nil, "", err
		}
		end, _ = slices.BinarySearchFunc(list, after, func(x *job, p position) int { return listOrder(jobPosition(x.pb), p) })
	}
	var page []*job
	for i := end - 1; i >= 0; i-- {
		if !filter.Match(list[i].pb) {
			continue
		}
		if len(page) == int(size) {
			// There is more: the next page starts after the last one given.
			return page, encodeToken(filter.String(), jobPosition(page[len(page)-1].pb)), nil
		}
		page = append(page, list[i])
	}
	return page, "", nil
}

// listOrder orders jobs oldest first, the reverse of the order in which
// ListCustomJobs gives them (jobOrder).
func listOrder(a, b position) int { return jobOrder(b, a) }

// jobOrder lists jobs newest first, as Vertex AI does; names grow with
// creation, so they break ties the same way.
func jobOrder(a, b position) int {
	if c := b.t.Compare(a.t); c != 0 {
		return c
	}
	return compareNames(b.name, a.name)
}

func jobPosition(j *aiplatformpb.CustomJob) position {
	return position{t: j.GetCreateTime().AsTime(), name: j.Name}
}

// compareNames orders names whose last segments are numbers of any length
// numerically.
func compareNames(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

// position is where an item stands in the order a List method gives.
type position struct {
	t    time.Time
	name string
}

// pageOf returns one page of items, which are sorted by order, and the
// token of the next page. A token holds the position of the last item
// given (not an index, so that items created between two pages neither
// repeat nor go missing) and the filter it was made for.
func pageOf[T any](items []T, pos func(T) position, order func(a, b position) int, size, def int32, token, filter string) ([]T, string, error) {
	if size < 0 {
		return nil, "", invalid("page_size must not be negative")
	}
	if size == 0 {
		size = def
	}
	size = min(size, maxPageSize)
	start := 0
	if token != "" {
		after, err := decodeToken(token, filter)
		if err != nil {
			return nil, "", err
		}
		start, _ = slices.BinarySearchFunc(items, after, func(it T, p position) int {
			if order(pos(it), p) <= 0 {
				return -1
			}
			return 1
		})
	}
	end := min(start+int(size), len(items))
	next := ""
	if end < len(items) {
		next = encodeToken(filter, pos(items[end-1]))
	}
	return items[start:end], next, nil
}

func encodeToken(filter string, p position) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%d\x00%s\x00%s", p.t.UnixNano(), p.name, filter)))
}

func decodeToken(token, filter string) (position, error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	parts := strings.SplitN(string(raw), "\x00", 3)
	if err != nil || len(parts) != 3 {
		return position{}, invalid("page_token %q is not a token this method gave", token)
	}
	if parts[2] != filter {
		return position{}, invalid("page_token was given for another filter; a page token is only valid with the request it came from")
	}
	nanos, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return position{}, invalid("page_token %q is not a token this method gave", token)
	}
	return position{t: time.Unix(0, nanos), name: parts[1]}, nil
}

func (js *jobService) CancelCustomJob(_ context.Context, req *aiplatformpb.CancelCustomJobRequest) (*emptypb.Empty, error) {
	s := js.s
	now := s.begin()
	defer s.mu.Unlock()
	j, err := s.state.findJob(req.GetName())
	if err != nil {
		return nil, err
	}
	switch {
	case j.terminal():
		return nil, status.Errorf(codes.FailedPrecondition, "custom job %q is already %s and cannot be cancelled", req.GetName(), j.pb.State)
	case !j.cancelAt.IsZero():
		return &emptypb.Empty{}, nil // already cancelling
	}
	s.state.cancelJob(j, now)
	s.state.settle(now, s.life)
	return &emptypb.Empty{}, nil
}

func (js *jobService) DeleteCustomJob(_ context.Context, req *aiplatformpb.DeleteCustomJobRequest) (*longrunningpb.Operation, error) {
	s := js.s
	now := s.begin()
	defer s.mu.Unlock()
	st := s.state
	j, err := st.findJob(req.GetName())
	if err != nil {
		return nil, err
	}
	if !j.terminal() {
		return nil, status.Errorf(codes.FailedPrecondition, "custom job %q is %s; cancel it before deleting it", req.GetName(), j.pb.State)
	}
	meta := &aiplatformpb.DeleteOperationMetadata{GenericMetadata: genericMetadata(now)}
	op := st.startOp(j.pb.Name, meta, now, s.life.Operation, func(time.Time) (proto.Message, error) {
		st.removeJob(j)
		return &emptypb.Empty{}, nil
	})
	st.settle(now, s.life)
	return proto.Clone(op.pb).(*longrunningpb.Operation), nil
}

func genericMetadata(now time.Time) *aiplatformpb.GenericOperationMetadata {
	return &aiplatformpb.GenericOperationMetadata{CreateTime: timestamppb.New(now), UpdateTime: timestamppb.New(now)}
}
