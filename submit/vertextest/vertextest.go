// Package vertextest is an in-memory fake of the parts of Vertex AI that
// vxjob uses: the v1 JobService (custom jobs), PersistentResourceService
// and the long-running Operations service, plus the two IAM
// testIamPermissions methods that `vxjob lint --live` asks, and Cloud
// Logging's ListLogEntries and TailLogEntries for the jobs' logs
// (logging.go, logging_tail.go). It speaks the
// same gRPC services, with the same aiplatformpb types, as the real API, so
// the real cloud.google.com/go/aiplatform clients talk to it unchanged;
// and, on the same listener (Serve), the same REST API, derived from the
// services' HTTP annotations, for curl and Google's REST clients.
//
// It behaves like Vertex AI where vxjob depends on it: resource names carry
// the project number; jobs on a persistent resource are rejected when their
// worker pools match no resource pool or ask for more than it holds, queue
// while the resource is busy, and move QUEUED → PENDING → RUNNING →
// SUCCEEDED on a clock the test controls; persistent resources are
// created, updated, rebooted and deleted through long-running operations.
// Faults (rejections, lost responses, delays) can be injected per method,
// and calls are kept in a journal for assertions (bounded: see
// Server.Calls).
//
// Tests use it in-process:
//
//	srv := vertextest.New(vertextest.Options{Clock: clock})
//	defer srv.Close()
//	jobs, err := aiplatform.NewJobClient(ctx, srv.ClientOptions()...)
//
// and `vxjob emulator` serves it on a loopback TCP port.
package vertextest

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	adminpb "cloud.google.com/go/iam/admin/apiv1/adminpb"
	"cloud.google.com/go/logging/apiv2/loggingpb"
	"cloud.google.com/go/longrunning/autogen/longrunningpb"
	"cloud.google.com/go/resourcemanager/apiv3/resourcemanagerpb"
	"google.golang.org/api/option"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"
)

// Options configure a Server. The zero value is a usable server on the
// real clock with the default lifecycle.
type Options struct {
	// Clock drives job and operation lifecycles; nil means real time.
	Clock Clock
	// Lifecycle says how long each state lasts; zero fields take the
	// defaults of DefaultLifecycle.
	Lifecycle Lifecycle
	// Projects maps project IDs to project numbers. Resource names the
	// server returns carry the number, as Vertex AI's do; a project not
	// listed gets a number derived from its ID.
	Projects map[string]int64
	// PageSize is the default page size of the List methods (10 when 0),
	// small so that clients' paging is exercised.
	PageSize int
	// Latency is added to every call before it is handled.
	Latency time.Duration
	// Seed makes job IDs and random faults repeatable.
	Seed int64
	// Logf, when set, receives a line per call.
	Logf func(format string, args ...any)
}

// Server is the fake. Its methods are safe for concurrent use.
type Server struct {
	opts  Options
	clock Clock
	life  Lifecycle

	mu      sync.Mutex
	state   *state
	faults  *faults
	journal journal
	grpc    *grpc.Server
	rest    *restHandler
	serving []*serving
	bufLis  *bufconn.Listener
	conns   []*grpc.ClientConn
	closed  bool
}

// New returns a server with nothing in it. Call Close when done.
func New(opts Options) *Server {
	s := &Server{opts: opts, clock: opts.Clock, life: opts.Lifecycle.withDefaults()}
	if s.clock == nil {
		s.clock = realClock{}
	}
	if s.opts.PageSize <= 0 {
		s.opts.PageSize = 10
	}
	s.state = newState(opts.Projects, opts.Seed)
	s.faults = newFaults(opts.Seed)
	s.grpc = grpc.NewServer(grpc.UnaryInterceptor(s.intercept), grpc.StreamInterceptor(s.interceptStream))
	reg := &registrar{next: s.grpc}
	aiplatformpb.RegisterJobServiceServer(reg, &jobService{s: s})
	aiplatformpb.RegisterPersistentResourceServiceServer(reg, &resourceService{s: s})
	longrunningpb.RegisterOperationsServer(reg, &operationsService{s: s})
	resourcemanagerpb.RegisterProjectsServer(reg, &projectsService{s: s})
	loggingpb.RegisterLoggingServiceV2Server(reg, &loggingService{s: s})
	iam := &iamService{s: s}
	adminpb.RegisterIAMServer(s.grpc, iam)
	reg.services = append(reg.services, registered{&iamRESTDesc, iam})
	s.rest = newRESTHandler(reg.services, s.intercept)
	return s
}

// Conn returns a new client connection to the server over an in-memory
// listener. A client made on it owns it: closing the client closes it.
func (s *Server) Conn() *grpc.ClientConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bufLis == nil {
		s.bufLis = bufconn.Listen(1 << 20)
		go s.grpc.Serve(s.bufLis)
	}
	lis := s.bufLis
	conn, err := grpc.NewClient("passthrough:///vertextest",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		// NewClient fails only on a malformed target or options, which are
		// fixed here.
		panic(fmt.Sprintf("vertextest: %v", err))
	}
	s.conns = append(s.conns, conn)
	return conn
}

// ClientOptions point a Google Cloud client at the server: a connection of
// its own (see Conn), and so no credentials.
func (s *Server) ClientOptions() []option.ClientOption {
	return []option.ClientOption{option.WithGRPCConn(s.Conn())}
}

// Close stops the server and closes the connections Conn made.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	conns, serving := s.conns, s.serving
	s.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
	for _, sv := range serving {
		sv.close()
	}
	s.grpc.Stop()
}

// begin locks the state and settles it up to now, which it returns. Every
// method starts with it and unlocks when done.
func (s *Server) begin() time.Time {
	s.mu.Lock()
	now := s.clock.Now()
	s.state.settle(now, s.life)
	return now
}
