package vertextest

import (
	"context"
	"slices"
	"strings"
	"time"

	"cloud.google.com/go/longrunning/autogen/longrunningpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/emptypb"
)

// operationsService is google.longrunning.Operations. The aiplatform
// clients poll their operations through it on the same connection.
type operationsService struct {
	longrunningpb.UnimplementedOperationsServer
	s *Server
}

func (os *operationsService) GetOperation(_ context.Context, req *longrunningpb.GetOperationRequest) (*longrunningpb.Operation, error) {
	s := os.s
	s.begin()
	defer s.mu.Unlock()
	op, err := s.state.findOp(req.GetName())
	if err != nil {
		return nil, err
	}
	return proto.Clone(op.pb).(*longrunningpb.Operation), nil
}

func (st *state) findOp(name string) (*operation, error) {
	canon := st.canonOpName(name)
	op := st.ops[canon]
	if op == nil {
		op = st.locationOp(canon)
	}
	if op == nil {
		return nil, status.Errorf(codes.NotFound, "operation %q not found", name)
	}
	return op, nil
}

// locationOp finds an operation of a resource by the location-level
// name, projects/P/locations/L/operations/ID, that gcloud prints for
// every operation and then asks for.
func (st *state) locationOp(name string) *operation {
	parts := strings.Split(name, "/")
	if len(parts) != 6 || parts[4] != "operations" {
		return nil
	}
	prefix, suffix := strings.Join(parts[:4], "/")+"/", "/operations/"+parts[5]
	for key, op := range st.ops {
		if strings.HasPrefix(key, prefix) && strings.HasSuffix(key, suffix) {
			return op
		}
	}
	return nil
}

// canonOpName writes the project of an operation name, or of the
// location or resource that ListOperations takes, as its number.
func (st *state) canonOpName(name string) string {
	parts := strings.SplitN(name, "/", 5)
	if len(parts) >= 4 && parts[0] == "projects" && parts[2] == "locations" {
		if p, err := st.parseParent(strings.Join(parts[:4], "/")); err == nil {
			if len(parts) == 4 {
				return string(p)
			}
			return string(p) + "/" + parts[4]
		}
	}
	return name
}

// ListOperations lists the operations whose names start with the given
// name, as "projects/P/locations/L" or a resource's name; filters are not
// supported.
func (os *operationsService) ListOperations(_ context.Context, req *longrunningpb.ListOperationsRequest) (*longrunningpb.ListOperationsResponse, error) {
	s := os.s
	s.begin()
	defer s.mu.Unlock()
	if req.GetFilter() != "" {
		return nil, invalid("filter is not supported on operations")
	}
	prefix := s.state.canonOpName(strings.TrimSuffix(req.GetName(), "/operations")) + "/"
	var ops []*operation
	for name, op := range s.state.ops {
		if strings.HasPrefix(name, prefix) {
			ops = append(ops, op)
		}
	}
	pos := func(op *operation) position { return position{name: op.pb.Name} }
	byName := func(a, b position) int { return strings.Compare(a.name, b.name) }
	slices.SortFunc(ops, func(a, b *operation) int { return byName(pos(a), pos(b)) })
	page, next, err := pageOf(ops, pos, byName, req.GetPageSize(), int32(s.opts.PageSize), req.GetPageToken(), "")
	if err != nil {
		return nil, err
	}
	resp := &longrunningpb.ListOperationsResponse{NextPageToken: next}
	for _, op := range page {
		resp.Operations = append(resp.Operations, proto.Clone(op.pb).(*longrunningpb.Operation))
	}
	return resp, nil
}

func (os *operationsService) DeleteOperation(_ context.Context, req *longrunningpb.DeleteOperationRequest) (*emptypb.Empty, error) {
	s := os.s
	s.begin()
	defer s.mu.Unlock()
	op, err := s.state.findOp(req.GetName())
	if err != nil {
		return nil, err
	}
	delete(s.state.ops, op.pb.Name)
	s.state.pending = removeOne(s.state.pending, op)
	return &emptypb.Empty{}, nil
}

// CancelOperation stops an operation that is not done: it ends with
// CANCELLED, and what it started is undone. Cancelling a done operation
// does nothing.
func (os *operationsService) CancelOperation(_ context.Context, req *longrunningpb.CancelOperationRequest) (*emptypb.Empty, error) {
	s := os.s
	now := s.begin()
	defer s.mu.Unlock()
	op, err := s.state.findOp(req.GetName())
	if err != nil {
		return nil, err
	}
	if op.pb.Done {
		return &emptypb.Empty{}, nil
	}
	if op.cancel == nil {
		return nil, status.Errorf(codes.FailedPrecondition, "operation %q cannot be cancelled", req.GetName())
	}
	op.cancel(now)
	s.state.pending = removeOne(s.state.pending, op)
	op.pb.Done = true
	op.pb.Result = &longrunningpb.Operation_Error{Error: status.New(codes.Canceled, "the operation was cancelled").Proto()}
	return &emptypb.Empty{}, nil
}

// waitPoll is how often WaitOperation looks again; the clock may be a
// FakeClock that another goroutine advances.
const waitPoll = 10 * time.Millisecond

// WaitOperation returns when the operation is done, when the request's
// timeout has passed on the server's clock, or when the call ends.
func (os *operationsService) WaitOperation(ctx context.Context, req *longrunningpb.WaitOperationRequest) (*longrunningpb.Operation, error) {
	s := os.s
	start := s.clock.Now()
	for {
		now := s.begin()
		op, err := s.state.findOp(req.GetName())
		var out *longrunningpb.Operation
		if err == nil {
			out = proto.Clone(op.pb).(*longrunningpb.Operation)
		}
		s.mu.Unlock()
		switch {
		case err != nil:
			return nil, err
		case out.Done:
			return out, nil
		case req.GetTimeout() != nil && now.Sub(start) >= req.GetTimeout().AsDuration():
			return out, nil
		}
		select {
		case <-ctx.Done():
			return nil, status.FromContextError(ctx.Err()).Err()
		case <-time.After(waitPoll):
		}
	}
}
