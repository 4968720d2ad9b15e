package submit

import (
	"context"
	"errors"
	"fmt"
	"google.golang.org/genproto/googleapis/rpc/code"
	"time"

	"github.com/googleapis/gax-go/v2"
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
		t.CallTimeout = 30 * time.Second
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

// clientTiming is the timing of Client's own methods (pr, snapshot,
// lint --live): the same deadlines and retries as plan's.
var clientTiming = Timing{}.withDefaults()

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

// read calls f, a read, with its own deadline, again after a pause while
// it fails in a way worth retrying.
func (t Timing) read(ctx context.Context, f func(ctx context.Context) error) error {
	bo := t.Backoff
	var err error
	for try := 1; ; try++ {
		cctx, cancel := context.WithTimeout(ctx, t.CallTimeout)
		err = f(cctx)
		cancel()
		if err == nil || !retryable(err) || try >= t.ReadAttempts || ctx.Err() != nil {
			break
		}
		if serr := sleep(ctx, bo.Pause()); serr != nil {
			return serr
		}
	}
	return err
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
		return fmt.Sprintf("%s (%s)", serverText(s.Message()), codeName(s.Code()))
	}
	return serverText(err.Error())
}

// codeName is a code as the API documentation writes it: NOT_FOUND.
func codeName(c codes.Code) string { return code.Code(c).String() }
