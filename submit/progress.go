package submit

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Progress shows apply's events: on a terminal, a table of the documents
// that is drawn again at each event and each tick of a clock (so the
// times count up while nothing changes, as during the minutes a
// persistent resource takes to provision); elsewhere (CI logs), a line
// per event.
type Progress struct {
	w   io.Writer
	tty bool
	now func() time.Time
	mu  sync.Mutex
	// rows are the documents in the order of their first event.
	rows []*progressRow
	by   map[string]*progressRow
	// drawn is how many lines the table took when last drawn.
	drawn int
	// stop ends the goroutine that redraws on ticks; it closes stopped.
	stop, stopped chan struct{}
	stopTicker    func()
	// drewTick, when set (by tests), is called after each tick's drawing.
	drewTick func()
}

type progressRow struct {
	kind, label, job, state string
	// note is the last message: an operation's progress, a retry.
	note string
	// start is the document's first event, since its state's, end when
	// it settled (Settled), or zero.
	start, since, end time.Time
}

// progressTick is how often the table is drawn again on a terminal.
const progressTick = time.Second

func NewProgress(w io.Writer, tty bool) *Progress {
	if !tty {
		return newProgressClock(w, false, time.Now, nil, func() {})
	}
	ticker := time.NewTicker(progressTick)
	return newProgressClock(w, true, time.Now, ticker.C, ticker.Stop)
}

// newProgressClock is NewProgress on a given clock: now for the times of
// events, ticks to draw again (each at the time it carries).
func newProgressClock(w io.Writer, tty bool, now func() time.Time, ticks <-chan time.Time, stopTicker func()) *Progress {
	p := &Progress{w: w, tty: tty, now: now, by: map[string]*progressRow{},
		stop: make(chan struct{}), stopped: make(chan struct{}), stopTicker: stopTicker}
	if ticks == nil {
		close(p.stopped)
		return p
	}
	go func() {
		defer close(p.stopped)
		for {
			select {
			case at := <-ticks:
				p.mu.Lock()
				if p.drawn > 0 {
					p.draw(at)
				}
				p.mu.Unlock()
				if p.drewTick != nil {
					p.drewTick()
				}
			case <-p.stop:
				return
			}
		}
	}()
	return p
}

func (p *Progress) Event(e Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.tty {
		fmt.Fprintln(p.w, eventLine(e))
		return
	}
	now := p.now()
	key := e.Doc.Label()
	r := p.by[key]
	if r == nil {
		r = &progressRow{kind: e.Doc.Kind, label: key, start: now}
		p.by[key] = r
		p.rows = append(p.rows, r)
	}
	if e.Job != "" && e.What != EventCancelled {
		r.job = e.Job
	}
	if e.State != "" && e.State != r.state {
		r.state, r.since, r.note = e.State, now, ""
		r.end = time.Time{}
		if Settled(r.kind, r.state) {
			r.end = now
		}
	}
	switch e.What {
	case EventProgress:
		r.note = e.Message
	case EventRetrying, EventCancelled, EventAdopted:
		r.note = string(e.What) + ": " + e.Message
	}
	p.draw(now)
}

// eventLine is one line of the log form:
//
//	custom job bert: created job 4606268999515242496 (QUEUED)
//	custom job bert: QUEUED → PENDING (job 4606268999515242496)
func eventLine(e Event) string {
	id := ""
	if e.Job != "" {
		id = "job " + e.Job[strings.LastIndex(e.Job, "/")+1:]
	}
	var s string
	switch {
	case e.What == EventState && e.From != "":
		s = fmt.Sprintf("%s → %s (%s)", e.From, e.State, id)
	case e.What == EventState:
		s = fmt.Sprintf("%s (%s)", e.State, id)
	default:
		s = strings.TrimSpace(string(e.What) + " " + id)
		if e.State != "" {
			s += " (" + e.State + ")"
		}
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return e.Doc.Label() + ": " + s
}

// draw writes the table, as it is at now, over its last drawing:
//
//	DOCUMENT                                 STATE             FOR  ELAPSED
//	persistent resource training-pr          -                   -    1m05s  Provisioning the resource pools
//	custom job bert                          RUNNING           12s      40s  job 4606268999515242496
//
// FOR is the time in the state, ELAPSED since the document's first
// event; both stop once the document settled.
func (p *Progress) draw(now time.Time) {
	var b strings.Builder
	if p.drawn > 0 {
		fmt.Fprintf(&b, "\x1b[%dA", p.drawn)
	}
	fmt.Fprintf(&b, "\x1b[2K%-40s %-14s %7s %8s\n", "DOCUMENT", "STATE", "FOR", "ELAPSED")
	for _, r := range p.rows {
		end := now
		if !r.end.IsZero() {
			end = r.end
		}
		state, inState := r.state, "-"
		if state == "" {
			state = "-"
		} else {
			inState = since(r.since, end)
		}
		detail := ""
		if r.job != "" {
			detail = "job " + r.job[strings.LastIndex(r.job, "/")+1:]
		}
		if r.note != "" {
			detail = strings.TrimPrefix(detail+"; "+r.note, "; ")
		}
		fmt.Fprintf(&b, "\x1b[2K%-40s %-14s %7s %8s  %s\n", r.label, state, inState, since(r.start, end), detail)
	}
	p.drawn = len(p.rows) + 1
	io.WriteString(p.w, b.String())
}

// since is the whole seconds from then to now: 0s, 59s, 1m5s.
func since(then, now time.Time) string {
	return max(now.Sub(then), 0).Truncate(time.Second).String()
}

// done stops the clock and draws the table a last time, so what follows
// starts below it.
func (p *Progress) Done() {
	close(p.stop)
	<-p.stopped
	p.stopTicker()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && p.drawn > 0 {
		p.draw(p.now())
	}
}
