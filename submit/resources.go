package submit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// PollOptions say how to wait for a long-running operation.
type PollOptions struct {
	// Interval is the pause between two polls; 0 means 2 seconds.
	Interval time.Duration
	// Progress, when set, is called with the operation's progress message
	// each time it changes, the first one included.
	Progress func(msg string)
}

// defaultPollInterval is short next to the minutes that reboots and
// deletes take, so that their end shows soon after it comes.
const defaultPollInterval = 2 * time.Second

func (p PollOptions) interval() time.Duration {
	if p.Interval <= 0 {
		return defaultPollInterval
	}
	return p.Interval
}

// StillRunningError is what a wait for an operation ends with when it stops
// before the operation does: the context ended, or Vertex AI could not be
// asked. The operation goes on regardless; Operation names it, so that the
// user can look it up.
type StillRunningError struct {
	Operation string
	Err       error
}

func (e *StillRunningError) Error() string {
	return fmt.Sprintf("stopped waiting for operation %s, which goes on in Vertex AI: %v", e.Operation, e.Err)
}

func (e *StillRunningError) Unwrap() error { return e.Err }

// jobsOnMask is what JobsOn reads of each job: enough to list them, without
// the worker pool specs, which can be large.
var jobsOnMask = []string{"name", "display_name", "state", "job_spec.persistent_resource_id", "create_time"}

// Resource returns the persistent resource id of a project and location.
func (c *Client) Resource(ctx context.Context, project, location, id string) (*aiplatformpb.PersistentResource, error) {
	var r *aiplatformpb.PersistentResource
	err := c.timing().read(ctx, func(ctx context.Context) (err error) {
		r, err = c.Resources.GetPersistentResource(ctx, &aiplatformpb.GetPersistentResourceRequest{Name: prName(project, location, id)})
		return err
	})
	if err != nil {
		return nil, prError("reading", project, location, id, err)
	}
	return r, nil
}

// JobsOn returns the active jobs (queued, pending, running, cancelling,
// paused or updating) on the persistent resource id, newest first, with
// only their name, display name, state, resource and create time.
// ListCustomJobs cannot filter on the resource, so it lists the active
// jobs of the location and keeps those on id.
func (c *Client) JobsOn(ctx context.Context, project, location, id string) ([]*aiplatformpb.CustomJob, error) {
	parent := fmt.Sprintf("projects/%s/locations/%s", project, location)
	req := &aiplatformpb.ListCustomJobsRequest{
		Parent:   parent,
		Filter:   stateFilter(activeJobStates),
		ReadMask: &fieldmaskpb.FieldMask{Paths: jobsOnMask},
	}
	jobs, err := listAll(ctx, c.timing(), "the active jobs of "+parent, 0, jobPages(c, req))
	if err != nil {
		return nil, err
	}
	var out []*aiplatformpb.CustomJob
	for _, j := range jobs {
		if j.GetJobSpec().GetPersistentResourceId() != id {
			continue
		}
		if err := checkJobName(j.Name, parent); err != nil {
			return nil, answerErrorf("listing the active jobs of %s: %v", parent, err)
		}
		j.DisplayName = serverText(j.DisplayName)
		out = append(out, j)
	}
	return out, nil
}

// StartReboot starts rebooting the persistent resource id and returns the
// name of the operation, without waiting for it.
func (c *Client) StartReboot(ctx context.Context, project, location, id string) (string, error) {
	op, err := c.startReboot(ctx, project, location, id)
	if err != nil {
		return "", err
	}
	return op.Name(), nil
}

// Reboot reboots the persistent resource id and waits for the reboot to
// end. It returns the resource as the operation left it, which should be
// RUNNING again. Vertex AI reboots only a RUNNING or ERROR resource and
// refuses others with FAILED_PRECONDITION, whose message the error gives.
func (c *Client) Reboot(ctx context.Context, project, location, id string, poll PollOptions) (*aiplatformpb.PersistentResource, error) {
	op, err := c.startReboot(ctx, project, location, id)
	if err != nil {
		return nil, err
	}
	r, err := awaitResource(ctx, op, poll)
	if err != nil {
		return nil, prOperationError("rebooting", id, err)
	}
	if r.GetState() == aiplatformpb.PersistentResource_STATE_UNSPECIFIED {
		// A response without the resource leaves its state to be read
		// from the resource itself.
		return c.Resource(ctx, project, location, id)
	}
	return r, nil
}

func (c *Client) startReboot(ctx context.Context, project, location, id string) (Operation, error) {
	cctx, cancel := context.WithTimeout(ctx, c.timing().CallTimeout)
	defer cancel()
	op, err := c.Resources.RebootPersistentResource(cctx, &aiplatformpb.RebootPersistentResourceRequest{Name: prName(project, location, id)})
	if err != nil {
		return nil, prError("rebooting", project, location, id, err)
	}
	return op, nil
}

// StartDelete starts deleting the persistent resource id, which cancels
// the jobs on it, and returns the name of the operation, without waiting
// for it.
func (c *Client) StartDelete(ctx context.Context, project, location, id string) (string, error) {
	op, err := c.startDelete(ctx, project, location, id)
	if err != nil {
		return "", err
	}
	return op.Name(), nil
}

// Delete deletes the persistent resource id and waits until it is gone.
// Vertex AI cancels the jobs on it first. The operation's metadata has no
// progress message, so poll.Progress is not called.
func (c *Client) Delete(ctx context.Context, project, location, id string, poll PollOptions) error {
	op, err := c.startDelete(ctx, project, location, id)
	if err != nil {
		return err
	}
	pollOnce := func(ctx context.Context) error {
		_, err := op.Poll(ctx)
		return err
	}
	if err := awaitOperation(ctx, op, poll, pollOnce, op.Progress); err != nil {
		return prOperationError("deleting", id, err)
	}
	return nil
}

func (c *Client) startDelete(ctx context.Context, project, location, id string) (Operation, error) {
	cctx, cancel := context.WithTimeout(ctx, c.timing().CallTimeout)
	defer cancel()
	op, err := c.Resources.DeletePersistentResource(cctx, &aiplatformpb.DeletePersistentResourceRequest{Name: prName(project, location, id)})
	if err != nil {
		return nil, prError("deleting", project, location, id, err)
	}
	return op, nil
}

// awaitResource waits for op with awaitOperation, reporting its progress
// messages, and returns the resource it ended with.
func awaitResource(ctx context.Context, op Operation, poll PollOptions) (*aiplatformpb.PersistentResource, error) {
	var r *aiplatformpb.PersistentResource
	pollOnce := func(ctx context.Context) (err error) {
		r, err = op.Poll(ctx)
		return err
	}
	err := awaitOperation(ctx, op, poll, pollOnce, op.Progress)
	return r, err
}

// pollable is what awaitOperation needs of an operation.
type pollable interface {
	Name() string
	Done() bool
}

// maxPollFailures is how many polls in a row may fail, in a way worth
// trying again, before awaitOperation gives up on the operation. Each poll
// is a GetOperation call that the client library already retries on
// UNAVAILABLE, for up to 10 seconds; this covers what outlasts that or
// what it does not retry, such as INTERNAL.
const maxPollFailures = 3

// awaitOperation polls op every poll.Interval until it is done and returns
// the error it ended with. It polls itself rather than calling the
// operation's Wait, whose pauses grow to a minute: reboots and deletes
// take minutes, and their progress should show as it happens. pollOnce
// polls op once; progress reads the progress message from op's metadata.
//
// When ctx ends, or polling keeps failing, it returns a
// *StillRunningError: the operation goes on without us.
func awaitOperation(ctx context.Context, op pollable, poll PollOptions, pollOnce func(context.Context) error, progress func() string) error {
	last := ""
	report := func() {
		if msg := serverText(progress()); msg != "" && msg != last {
			last = msg
			if poll.Progress != nil {
				poll.Progress(msg)
			}
		}
	}
	// The operation as it started carries the first progress message, and
	// may be done already: then pollOnce only decodes its outcome.
	report()
	if op.Done() {
		return pollOnce(ctx)
	}
	failures := 0
	for {
		if err := sleep(ctx, poll.interval()); err != nil {
			return &StillRunningError{Operation: op.Name(), Err: err}
		}
		pctx, cancel := context.WithTimeout(ctx, defaultCallTimeout)
		err := pollOnce(pctx)
		cancel()
		switch {
		case op.Done():
			report()
			return err
		case err == nil:
			failures = 0
			report()
		case ctx.Err() != nil:
			return &StillRunningError{Operation: op.Name(), Err: ctx.Err()}
		case retryable(err) && failures+1 < maxPollFailures:
			failures++
		default:
			return &StillRunningError{Operation: op.Name(), Err: &CallError{describe(err), err}}
		}
	}
}

func prName(project, location, id string) string {
	return fmt.Sprintf("projects/%s/locations/%s/persistentResources/%s", project, location, id)
}

// CallError is a call to Vertex AI (or Resource Manager, or IAM) that
// failed: what vxjob was doing, in words a user reads, with the server's
// message and code (describe), and the original error kept underneath, so
// that status.Code and errors.As still see the gRPC status. Every call
// of this package fails with one; the command line exits 1 for it, since
// Vertex AI answered, or failed to.
type CallError struct {
	msg string
	err error
}

func (e *CallError) Error() string { return e.msg }
func (e *CallError) Unwrap() error { return e.err }

// answerErrorf is an answer of Vertex AI that vxjob cannot use (a page
// token sent twice, a job named outside its parent): a failed call too,
// though no status says so.
func answerErrorf(format string, args ...any) error {
	return &CallError{msg: fmt.Sprintf(format, args...)}
}

// callError is err, a failed call, in words.
func callError(err error) error { return &CallError{describe(err), err} }

// callErrorf is err, a failed call, after what vxjob was doing.
func callErrorf(err error, format string, args ...any) error {
	return &CallError{fmt.Sprintf(format, args...) + ": " + describe(err), err}
}

// prError explains a call on the persistent resource id that Vertex
// AI refused. NOT_FOUND says where vxjob looked, since a wrong project or
// location is the usual reason; other refusals give Vertex AI's own
// message, which says what is wrong (a resource not RUNNING, a permission
// missing).
func prError(doing, project, location, id string, err error) error {
	if status.Code(err) == codes.NotFound {
		return &CallError{fmt.Sprintf("persistent resource %s not found in project %s, location %s", id, project, location), err}
	}
	return &CallError{fmt.Sprintf("%s persistent resource %s: %s", doing, id, describe(err)), err}
}

// prOperationError explains an operation that ended in error, or a wait
// that stopped before it ended.
func prOperationError(doing, id string, err error) error {
	var still *StillRunningError
	if errors.As(err, &still) {
		return fmt.Errorf("%s persistent resource %s: %w", doing, id, err)
	}
	return &CallError{fmt.Sprintf("%s persistent resource %s failed: %s", doing, id, describe(err)), err}
}
