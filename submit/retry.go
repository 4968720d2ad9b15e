package submit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/googleapis/gax-go/v2"
	"google.golang.org/genproto/googleapis/rpc/code"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Timing is how patient apply is with Vertex AI. The zero value takes the
// defaults; tests make everything short.
type Timing struct {
	// Backoff paces retries of reads and the search for a job whose create
	// call had no clear answer; full jitter, as the Google client
	// libraries use.
	Backoff gax.Backoff
	// ReadAttempts is how often a read is tried before its error counts.
	ReadAttempts int
	// CallTimeout bounds each call, so that a server that never answers
	// holds no call longer.
	CallTimeout time.Duration
	// ReconcileWindow is how long apply looks for a job whose create call
	// failed ambiguously before it creates the job again: long enough for
	// a slow server to finish and for the list to show the job.
	ReconcileWindow time.Duration
	// CreateAttempts is how often a create is tried in all.
	CreateAttempts int
	// Poll is the pause between looks at what is waited for.
	Poll time.Duration
	// ConvergeWindow is how long apply keeps trying, after creating, to
	// list the active jobs of a location, to cancel a second job of a
	// document that an apply running at the same time made.
	ConvergeWindow time.Duration
	// Run bounds a whole plan, and an apply up to its wait (which follows
	// jobs for as long as they take, until interrupted); 0 is no bound.
	Run time.Duration

	// Now and Sleep are the clock that pauses and windows are measured
	// on (nil: the wall clock), so that tests of retries need not wait.
	// Each call's deadline (CallTimeout) is the network's, always on the
	// wall clock.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

func (t Timing) withDefaults() Timing {
	if t.Backoff.Initial == 0 {
		t.Backoff = gax.Backoff{Initial: time.Second, Max: 30 * time.Second, Multiplier: 2}
	}
	if t.ReadAttempts == 0 {
		// Pauses of 1, 2 and 4 s: a blip in the network is ridden out,
		// and an endpoint that is down is reported within ten seconds.
		t.ReadAttempts = 4
	}
	if t.CallTimeout == 0 {
		t.CallTimeout = defaultCallTimeout
	}
	if t.ReconcileWindow == 0 {
		t.ReconcileWindow = 30 * time.Second
	}
	if t.CreateAttempts == 0 {
		t.CreateAttempts = 5
	}
	if t.Poll == 0 {
		t.Poll = 2 * time.Second
	}
	if t.ConvergeWindow == 0 {
		t.ConvergeWindow = 60 * time.Second
	}
	return t
}

func (t Timing) now() time.Time {
	if t.Now == nil {
		return time.Now()
	}
	return t.Now()
}

// pause sleeps for d on t's clock, or until ctx ends.
func (t Timing) pause(ctx context.Context, d time.Duration) error {
	if t.Sleep == nil {
		return sleep(ctx, d)
	}
	return t.Sleep(ctx, d)
}

// RunTimeoutError is what a plan or apply that took longer than
// Timing.Run ends with, wrapping the error of the call it stopped.
type RunTimeoutError struct {
	After time.Duration
	Err   error
}

func (e *RunTimeoutError) Error() string {
	return fmt.Sprintf("stopped after %s, the time a run may take (--timeout): %v", e.After, e.Err)
}

func (e *RunTimeoutError) Unwrap() error { return e.Err }

// errRunTimeout is the cause of a run context that timed out.
var errRunTimeout = errors.New("the run took too long")

// bound returns ctx bounded by t.Run.
func (t Timing) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	if t.Run <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeoutCause(ctx, t.Run, errRunTimeout)
}

// timedOut says, of err, that the run's time ran out, when it did.
func (t Timing) timedOut(ctx context.Context, err error) error {
	if err == nil || !errors.Is(context.Cause(ctx), errRunTimeout) {
		return err
	}
	return &RunTimeoutError{After: t.Run, Err: err}
}

// defaultCallTimeout bounds each call when Timing.CallTimeout does not,
// and each poll of a long-running operation.
const defaultCallTimeout = 30 * time.Second

// outcome is what a failed call says about the change it asked for.
type outcome int

const (
	// rejected: the server refused and changed nothing; trying again
	// would be refused again.
	rejected outcome = iota
	// throttled: refused for now (quota); it may be tried again later.
	throttled
	// ambiguous: the change may or may not have been made (a lost
	// response, a deadline, a reset connection).
	ambiguous
)

// classify sorts a call's error by what it says of the change asked for
// (ARCHITECTURE.md §4, Create).
func classify(err error) outcome {
	if errors.Is(err, context.DeadlineExceeded) {
		return ambiguous
	}
	switch status.Code(err) {
	case codes.InvalidArgument, codes.FailedPrecondition, codes.OutOfRange, codes.PermissionDenied,
		codes.Unauthenticated, codes.NotFound, codes.AlreadyExists, codes.Unimplemented:
		return rejected
	case codes.ResourceExhausted:
		return throttled
	}
	// DEADLINE_EXCEEDED, UNAVAILABLE, UNKNOWN, INTERNAL, ABORTED,
	// DATA_LOSS, CANCELLED and transport errors.
	return ambiguous
}

// retryable says whether a read that failed so may be tried again.
func retryable(err error) bool {
	switch status.Code(err) {
	case codes.Unavailable, codes.ResourceExhausted, codes.DeadlineExceeded, codes.Internal, codes.Aborted, codes.Unknown:
		return true
	}
	return errors.Is(err, context.DeadlineExceeded)
}

// retrying says how retry goes on.
type retrying struct {
	// tries is how many calls are made at most; 0 is no limit.
	tries int
	// window, when above 0, is how long retry goes on, on t's clock:
	// no call starts after it has passed.
	window time.Duration
	// again, when set, hears of each failed call that another follows.
	again func(err error)
}

// retry calls f, each call with its own deadline (CallTimeout), until f
// says it is done, or r's tries or window are used up, or ctx ends,
// pausing between calls as t.Backoff says. f gets the number of the try
// (from 1) and says whether another call is worth making. retry returns
// f's last error, or ctx's when it ended in a pause. This is the one
// loop of the package's calls: reads, creates, updates, and the searches
// for a job (ARCHITECTURE.md §4).
func (t Timing) retry(ctx context.Context, r retrying, f func(ctx context.Context, try int) (again bool, err error)) error {
	bo := t.Backoff
	var end time.Time
	if r.window > 0 {
		end = t.now().Add(r.window)
	}
	for try := 1; ; try++ {
		cctx, cancel := context.WithTimeout(ctx, t.CallTimeout)
		again, err := f(cctx, try)
		cancel()
		if !again || try == r.tries || ctx.Err() != nil {
			return err
		}
		pause := bo.Pause()
		if r.window > 0 {
			left := end.Sub(t.now())
			if left <= 0 {
				return err
			}
			pause = min(pause, left)
		}
		if r.again != nil {
			r.again(err)
		}
		if serr := t.pause(ctx, pause); serr != nil {
			return serr
		}
	}
}

// read calls f, a read, with its own deadline, again after a pause while
// it fails in a way worth retrying, up to t.ReadAttempts times.
func (t Timing) read(ctx context.Context, f func(ctx context.Context) error) error {
	return t.retry(ctx, retrying{tries: t.ReadAttempts}, func(ctx context.Context, _ int) (bool, error) {
		err := f(ctx)
		return err != nil && retryable(err), err
	})
}

// sleep pauses for d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// describe turns a gRPC error into words for a person: the server's
// message, made safe to print (serverText), and its code's name.
func describe(err error) string {
	if s, ok := status.FromError(err); ok && s.Code() != codes.Unknown {
		// The code as the API documentation writes it: NOT_FOUND.
		return fmt.Sprintf("%s (%s)", serverText(s.Message()), code.Code(s.Code()).String())
	}
	return serverText(err.Error())
}
