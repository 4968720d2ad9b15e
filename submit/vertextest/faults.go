package vertextest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// FaultMode is how an injected fault breaks a call.
type FaultMode int

const (
	// Reject fails the call before it changes anything.
	Reject FaultMode = iota + 1
	// CommitThenFail makes the change, then fails the call: the response
	// is lost, as when a connection drops after the server has acted.
	CommitThenFail
	// Delay waits, then handles the call. A delay past the client's
	// deadline leaves the client with DEADLINE_EXCEEDED while the server
	// still makes the change, as a slow server does.
	Delay
	// Random picks Reject or CommitThenFail, and UNAVAILABLE or
	// DEADLINE_EXCEEDED, for each call it fires on.
	Random
)

func (m FaultMode) String() string {
	switch m {
	case Reject:
		return "reject"
	case CommitThenFail:
		return "commit-then-fail"
	case Delay:
		return "delay"
	case Random:
		return "random"
	}
	return "none"
}

// Fault says which calls to break and how.
type Fault struct {
	// Methods are the short names of the methods it applies to, such as
	// "CreateCustomJob"; none means every method.
	Methods []string
	Mode    FaultMode
	// Code is the error of Reject and CommitThenFail; UNAVAILABLE when
	// unset. Message is its text.
	Code    codes.Code
	Message string
	// Delay is how long Delay waits.
	Delay time.Duration

	// After lets that many matching calls through before the fault fires.
	After int
	// Times is how often it fires; 0 means on every matching call.
	Times int
	// Rate, when above 0, is the chance that it fires on a matching call,
	// drawn from the server's seeded source.
	Rate float64
	// Match, when set, limits the fault to the requests it accepts.
	Match func(req proto.Message) bool

	seen, fired int
}

// Inject adds a fault. Faults are tried in the order they were added; the
// first that fires on a call breaks it.
func (s *Server) Inject(f Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.list = append(s.faults.list, &f)
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.list = nil
}

type faults struct {
	mu   sync.Mutex
	list []*Fault
	rng  *rand.Rand
}

func newFaults(seed int64) *faults {
	return &faults{rng: rand.New(rand.NewPCG(uint64(seed), 0xfa17))}
}

// pick returns the fault that fires on this call, settled to a concrete
// mode and code, or nil.
func (fs *faults) pick(method string, req proto.Message) *Fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for _, f := range fs.list {
		if len(f.Methods) > 0 && !slices.Contains(f.Methods, method) || f.Match != nil && !f.Match(req) {
			continue
		}
		f.seen++
		if f.seen <= f.After || f.Times > 0 && f.fired >= f.Times || f.Rate > 0 && fs.rng.Float64() >= f.Rate {
			continue
		}
		f.fired++
		fired := *f
		if fired.Mode == Random {
			fired.Mode = []FaultMode{Reject, CommitThenFail}[fs.rng.IntN(2)]
			fired.Code = []codes.Code{codes.Unavailable, codes.DeadlineExceeded}[fs.rng.IntN(2)]
		}
		if fired.Code == codes.OK {
			fired.Code = codes.Unavailable
		}
		if fired.Message == "" {
			fired.Message = fmt.Sprintf("injected fault (%s)", fired.Mode)
		}
		return &fired
	}
	return nil
}

// intercept is the server's unary interceptor: latency, faults, the
// journal and the log.
func (s *Server) intercept(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	method := path.Base(info.FullMethod)
	if s.opts.Latency > 0 {
		time.Sleep(s.opts.Latency)
	}
	msg, _ := req.(proto.Message)
	call := Call{Method: method, At: s.clock.Now()}
	var resp any
	var err error
	f := s.faults.pick(method, msg)
	switch {
	case f == nil:
		resp, err = handler(ctx, req)
		call.Committed = err == nil
	case f.Mode == Reject:
		err = status.Error(f.Code, f.Message)
	case f.Mode == CommitThenFail:
		_, err = handler(ctx, req)
		call.Committed = err == nil
		if err == nil {
			err = status.Error(f.Code, f.Message)
		}
	case f.Mode == Delay:
		time.Sleep(f.Delay)
		resp, err = handler(ctx, req)
		call.Committed = err == nil
	}
	if f != nil {
		call.Fault = f.Mode
	}
	err = clipMessage(err)
	call.Code = status.Code(err)
	call = withRequest(call, msg)
	s.mu.Lock()
	s.journal.record(call)
	s.mu.Unlock()
	if s.opts.Logf != nil {
		if f != nil {
			s.opts.Logf("%s: %s (%s)", method, call.Code, f.Mode)
		} else {
			s.opts.Logf("%s: %s", method, call.Code)
		}
	}
	return resp, err
}

// maxMessage bounds the text of an error the server returns. Errors quote
// what the client sent (a name, a filter), which may be megabytes.
const maxMessage = 1024

// clipMessage cuts the message of a status error to maxMessage bytes, on
// a character boundary, saying how much was left out.
func clipMessage(err error) error {
	st, ok := status.FromError(err)
	if !ok || len(st.Message()) <= maxMessage {
		return err
	}
	msg := st.Message()
	cut := maxMessage
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	p := st.Proto()
	p.Message = fmt.Sprintf("%s... (%d more bytes)", msg[:cut], len(msg)-cut)
	return status.ErrorProto(p)
}
