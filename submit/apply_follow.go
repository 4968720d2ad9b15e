package submit

import (
	"context"
	"slices"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/logging/apiv2/loggingpb"
)

// LogFollower hears the log entries of the jobs apply waits for, as they
// come (Applier.Follow): what apply --follow prints.
type LogFollower interface {
	// Start names the documents whose jobs are followed, once, before
	// any entry.
	Start(docs []*Document)
	// Entries are the entries new since the last look at the jobs,
	// oldest first across them.
	Entries(batch []JobEntry)
	// Failed says that a job's entries could not be read, after the
	// retries of reads; it is said once until a read succeeds again.
	// The wait goes on, and the next read starts where the last stopped.
	Failed(d *Document, job string, err error)
}

// JobEntry is a log entry of a document's job.
type JobEntry struct {
	Doc    *Document
	Job    string // the job's resource name
	Record LogRecord
}

// jobTail is the followed log of one waited-for job.
type jobTail struct {
	o     *Outcome
	tail  *logTail
	fresh []*loggingpb.LogEntry
	// ended: the job had ended when its entries were last read; done:
	// they were read once more after that, and it is no longer followed.
	ended, done bool
	failing     bool
}

// follower follows the logs of the jobs apply waits for: after each look
// at a job's state, the entries new since the last look, as `vxjob logs
// --follow` reads them (logTail), and once more a Timing.Poll after the
// job is seen to end, for what Cloud Logging has late.
type follower struct {
	to    LogFollower
	tails map[*Outcome]*jobTail
	order []*jobTail
}

// newFollower follows the jobs of outcomes, or is nil when nothing hears.
func newFollower(to LogFollower, outcomes []*Outcome) *follower {
	if to == nil {
		return nil
	}
	f := &follower{to: to, tails: map[*Outcome]*jobTail{}}
	var docs []*Document
	for _, o := range outcomes {
		jt := &jobTail{o: o, tail: newLogTail(LogQuery{Project: o.Change.Doc.Project, JobID: JobIDOf(o.Job)})}
		f.tails[o] = jt
		f.order = append(f.order, jt)
		docs = append(docs, o.Change.Doc)
	}
	to.Start(docs)
	return f
}

// following lists the outcomes whose logs are still read, the jobs seen
// to have ended among them.
func (f *follower) following() []*Outcome {
	if f == nil {
		return nil
	}
	var out []*Outcome
	for _, jt := range f.order {
		if !jt.done {
			out = append(out, jt.o)
		}
	}
	return out
}

// read reads the new entries of o's job, once its state has been looked
// at in this round.
func (f *follower) read(ctx context.Context, t Timing, clients *clients, o *Outcome) {
	if f == nil {
		return
	}
	jt := f.tails[o]
	if jt == nil || jt.done {
		return
	}
	drained := jt.ended
	jt.ended = o.Err != nil || !activeStates[aiplatformpb.JobState(aiplatformpb.JobState_value["JOB_STATE_"+o.State])]
	jt.done = jt.ended && drained
	c, err := clients.get(ctx, o.Change.Doc.Location)
	if err == nil {
		// A round's entries of every job are put in order of time before
		// they are printed, so they are kept until the round ends.
		err = jt.tail.next(ctx, t, c, func(fresh []*loggingpb.LogEntry) error {
			jt.fresh = append(jt.fresh, fresh...)
			return nil
		})
	}
	if err != nil {
		if ctx.Err() == nil && !jt.failing {
			f.to.Failed(o.Change.Doc, o.Job, err)
		}
		jt.failing = true
		return
	}
	jt.failing = false
}

// flush hands over what this round read, in order of time; entries at
// the same time keep the documents' order.
func (f *follower) flush() {
	if f == nil {
		return
	}
	var batch []JobEntry
	for _, jt := range f.order {
		for _, e := range jt.fresh {
			batch = append(batch, JobEntry{Doc: jt.o.Change.Doc, Job: jt.o.Job, Record: Record(e)})
		}
		jt.fresh = nil
	}
	if len(batch) == 0 {
		return
	}
	slices.SortStableFunc(batch, func(a, b JobEntry) int {
		return a.Record.Time.Compare(b.Record.Time)
	})
	f.to.Entries(batch)
}
