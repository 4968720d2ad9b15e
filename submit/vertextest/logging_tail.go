package vertextest

import (
	"io"
	"time"

	"cloud.google.com/go/logging/apiv2/loggingpb"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// Cloud Logging's TailLogEntries: a stream of the entries logged after it
// opens that its first request asks for (resource_names and filter, as
// ListLogEntries reads them), as they are logged. Later requests on the
// stream are read and ignored, as the API does.

// tail is an open TailLogEntries stream's share of the state.
type tail struct {
	q logQuery
	// queue holds the entries logged since the stream last sent, at
	// most maxTailQueue; those past it are counted in dropped and said
	// in the next response's suppression info (NOT_CONSUMED), so that a
	// client that reads slowly cannot make the server hold without end.
	queue   []*loggingpb.LogEntry
	dropped int32
	// ready gets a value when queue or dropped has something.
	ready chan struct{}
}

const maxTailQueue = 10_000

// tailSettle is how often an open stream settles the state up to the
// clock's now, so that the lines of state changes come without another
// call to the server, as they would from Vertex AI.
const tailSettle = 20 * time.Millisecond

// maxBufferWindow is the largest buffer_window the API takes.
const maxBufferWindow = time.Minute

// tailed hands e, just added to j's log, to the streams that ask for it.
func (st *state) tailed(j *job, e *loggingpb.LogEntry) {
	for _, t := range st.tails {
		if !t.q.match(j, e) {
			continue
		}
		if len(t.queue) >= maxTailQueue {
			t.dropped++
		} else {
			t.queue = append(t.queue, proto.Clone(e).(*loggingpb.LogEntry))
		}
		select {
		case t.ready <- struct{}{}:
		default:
		}
	}
}

func (ls *loggingService) TailLogEntries(stream loggingpb.LoggingServiceV2_TailLogEntriesServer) error {
	s := ls.s
	req, err := stream.Recv()
	if err == io.EOF {
		return invalid("the stream closed before its first request")
	}
	if err != nil {
		return err
	}
	if w := req.GetBufferWindow(); w != nil && (w.AsDuration() < 0 || w.AsDuration() > maxBufferWindow) {
		return invalid("buffer_window %s: it must be from 0 to 60s", w.AsDuration())
	}
	s.begin()
	q, err := s.state.parseLogQuery(req.GetResourceNames(), req.GetFilter())
	if err != nil {
		s.mu.Unlock()
		return err
	}
	t := &tail{q: q, ready: make(chan struct{}, 1)}
	s.state.tails = append(s.state.tails, t)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.state.tails = removeOne(s.state.tails, t)
		s.mu.Unlock()
	}()

	// The client may send more requests, or close its side: neither ends
	// the stream, which ends when the client cancels it.
	go func() {
		for {
			if _, err := stream.Recv(); err != nil {
				return
			}
		}
	}()
	ctx := stream.Context()
	tick := time.NewTicker(tailSettle)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return status.FromContextError(ctx.Err()).Err()
		case <-tick.C:
			s.begin() // logs the states the jobs have reached
			s.mu.Unlock()
			continue
		case <-t.ready:
		}
		s.mu.Lock()
		resp := &loggingpb.TailLogEntriesResponse{Entries: t.queue}
		if t.dropped > 0 {
			resp.SuppressionInfo = []*loggingpb.TailLogEntriesResponse_SuppressionInfo{{
				Reason: loggingpb.TailLogEntriesResponse_SuppressionInfo_NOT_CONSUMED, SuppressedCount: t.dropped,
			}}
		}
		t.queue, t.dropped = nil, 0
		s.mu.Unlock()
		if err := stream.Send(resp); err != nil {
			return err
		}
	}
}
