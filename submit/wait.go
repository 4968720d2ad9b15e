package submit

import (
	"context"
	"fmt"
	"slices"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"github.com/vxjob/vxjob/internal/parallel"
	"github.com/vxjob/vxjob/schemas"
)

// wait follows the documents' jobs until each has reached what the wait
// mode asks, reporting every state it sees change, and with Follow their
// log entries. It returns ctx's error when interrupted: the jobs go on.
func (a *Applier) wait(ctx context.Context, t Timing, clients *clients, outcomes []*Outcome) error {
	if a.Wait != WaitRunning && a.Wait != WaitTerminal {
		return nil
	}
	pending := waiting(a.Wait, outcomes)
	var f *follower
	if len(pending) > 0 {
		f = newFollower(a.Follow, pending)
	}
	for {
		// A job seen to end is read once more, after a pause, for what
		// Cloud Logging has late; its state is not read again.
		toLook := map[*Outcome]bool{}
		round := slices.Clone(pending)
		for _, o := range pending {
			toLook[o] = true
		}
		for _, o := range f.following() {
			if !toLook[o] {
				round = append(round, o)
			}
		}
		if len(round) == 0 {
			return nil
		}
		parallel.Do(len(round), a.parallelism(), func(i int) {
			if toLook[round[i]] {
				a.look(ctx, t, clients, round[i])
			}
			f.read(ctx, t, clients, round[i])
		})
		f.flush()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if pending = waiting(a.Wait, pending); len(pending) == 0 && len(f.following()) == 0 {
			return nil
		}
		if err := t.pause(ctx, t.Poll); err != nil {
			return err
		}
	}
}

// waiting lists the outcomes whose jobs have not reached what mode asks.
func waiting(mode WaitMode, outcomes []*Outcome) []*Outcome {
	var out []*Outcome
	for _, o := range outcomes {
		if o.Job == "" || o.Err != nil {
			continue
		}
		s := aiplatformpb.JobState(aiplatformpb.JobState_value["JOB_STATE_"+o.State])
		done := !activeStates[s]
		if mode == WaitRunning && s == aiplatformpb.JobState_JOB_STATE_RUNNING {
			done = true
		}
		if !done {
			out = append(out, o)
		}
	}
	return out
}

// look reads the state of an outcome's job once.
func (a *Applier) look(ctx context.Context, t Timing, clients *clients, o *Outcome) {
	d := o.Change.Doc
	c, err := clients.get(ctx, d.Location)
	if err != nil {
		o.Err = err
		return
	}
	job, err := c.getJob(ctx, t, o.Job)
	if err != nil {
		if ctx.Err() == nil {
			o.Err = callErrorf(err, "following %s", o.Job)
		}
		return
	}
	s := stateName(job.State)
	if s == o.State {
		return
	}
	from := o.State
	o.State = s
	a.emit(Event{Doc: d, What: EventState, Job: o.Job, State: s, From: from, Message: serverText(job.GetError().GetMessage())})
	if failedStates[job.State] {
		o.Err = fmt.Errorf("%s ended %s%s", jobID(o.Job), s, errorText(job))
		if job.State == aiplatformpb.JobState_JOB_STATE_FAILED && a.LogLines > 0 {
			// The summary shows the cause; a log that cannot be read is
			// said there, and changes nothing else.
			o.LastLogs, o.LogsErr = lastRecords(ctx, t, c, o.Change.Doc.Project, o.Job, a.LogLines)
		}
	}
}

// Settled says whether a document of kind, last seen in state, has
// stopped changing on its own: a job that has ended, or a persistent
// resource that is RUNNING or in ERROR. apply's progress table stops a
// document's clock there.
func Settled(kind, state string) bool {
	if kind == schemas.KindPersistentResource {
		return state == aiplatformpb.PersistentResource_RUNNING.String() || state == aiplatformpb.PersistentResource_ERROR.String()
	}
	s, ok := aiplatformpb.JobState_value["JOB_STATE_"+state]
	return ok && s != int32(aiplatformpb.JobState_JOB_STATE_UNSPECIFIED) && !activeStates[aiplatformpb.JobState(s)]
}

// getJob reads the custom job name, retried as reads are.
func (c *Client) getJob(ctx context.Context, t Timing, name string) (*aiplatformpb.CustomJob, error) {
	var job *aiplatformpb.CustomJob
	err := t.read(ctx, func(ctx context.Context) (err error) {
		job, err = c.Jobs.GetCustomJob(ctx, &aiplatformpb.GetCustomJobRequest{Name: name})
		return err
	})
	return job, err
}
