package vertextest

import (
	"slices"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// Call is one call the server received, as the journal keeps it.
type Call struct {
	Method string // short name, such as "CreateCustomJob"
	// Request is a copy of the request, or nil once the journal has let
	// it go to stay within journalRequestBytes (see Server.Calls).
	Request     proto.Message
	RequestSize int       // the request's size as protobuf, in bytes
	At          time.Time // on the server's clock, when it arrived
	Fault       FaultMode // the fault that broke it; 0 for none
	// Committed says the method did its work, whatever the client got.
	Committed bool
	Code      codes.Code // what the client got
}

// The journal of a long-running emulator is bounded twice: in calls, the
// oldest half being dropped when journalLimit is reached, and in the bytes
// of the requests it keeps, the oldest requests being let go (their calls
// kept) past journalRequestBytes. So a client that sends large requests
// (names of megabytes) cannot make the server hold all of them.
const (
	journalLimit        = 100_000
	journalRequestBytes = 64 << 20
)

type journal struct {
	calls []Call
	bytes int // of the requests kept
	// kept is the index of the oldest call whose request may still be
	// kept; the requests of the calls before it are let go.
	kept int
}

// withRequest returns call with a copy of req, or only its size when req
// alone is larger than the journal keeps. It needs no lock.
func withRequest(call Call, req proto.Message) Call {
	if req != nil {
		call.RequestSize = proto.Size(req)
		if call.RequestSize <= journalRequestBytes {
			call.Request = proto.Clone(req)
		}
	}
	return call
}

// record adds call, letting go of the oldest requests past the bounds.
func (jr *journal) record(call Call) {
	if len(jr.calls) >= journalLimit {
		drop := journalLimit / 2
		for _, c := range jr.calls[:drop] {
			if c.Request != nil {
				jr.bytes -= c.RequestSize
			}
		}
		jr.calls = slices.Delete(jr.calls, 0, drop)
		jr.kept = max(0, jr.kept-drop)
	}
	jr.calls = append(jr.calls, call)
	if call.Request != nil {
		jr.bytes += call.RequestSize
	}
	for jr.bytes > journalRequestBytes && jr.kept < len(jr.calls) {
		if c := &jr.calls[jr.kept]; c.Request != nil {
			jr.bytes -= c.RequestSize
			c.Request = nil
		}
		jr.kept++
	}
}

// Calls returns the calls received so far to the named methods (short
// names), or to every method when none is named, oldest first.
//
// The journal keeps the last 100,000 calls, and the requests of the
// latest of them up to 64 MiB in all: the Request of an older call, or of
// one larger than that alone, is nil. Its RequestSize stays.
func (s *Server) Calls(methods ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.journal.calls {
		if len(methods) == 0 || slices.Contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}
