package vertextest

import (
	"sync"
	"time"
)

// Clock is what the server reads the time from. Job and operation states
// are worked out from it whenever the server is asked, so a test that
// advances a FakeClock sees jobs move on at once, with no sleeping.
type Clock interface {
	Now() time.Time
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// FakeClock is a Clock that moves only when told to.
type FakeClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewFakeClock returns a clock stopped at start.
func NewFakeClock(start time.Time) *FakeClock { return &FakeClock{now: start} }

// Now returns the clock's time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock on by d.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Lifecycle says how long jobs and operations spend in each state.
type Lifecycle struct {
	Queued     time.Duration // a job that fits, before it is PENDING
	Pending    time.Duration // PENDING, before RUNNING
	Running    time.Duration // RUNNING, before SUCCEEDED (or FAILED)
	Cancelling time.Duration // CANCELLING, before CANCELLED
	// Provisioning is how long creating a persistent resource takes.
	Provisioning time.Duration
	// Operation is how long the other long-running operations take:
	// updating, rebooting and deleting a resource, deleting a job.
	Operation time.Duration
}

// DefaultLifecycle is short enough for a demo to watch in real time.
var DefaultLifecycle = Lifecycle{
	Queued:       time.Second,
	Pending:      2 * time.Second,
	Running:      5 * time.Second,
	Cancelling:   time.Second,
	Provisioning: 5 * time.Second,
	Operation:    2 * time.Second,
}

// withDefaults fills the zero durations from DefaultLifecycle. A duration
// meant to be zero is given as a negative one.
func (l Lifecycle) withDefaults() Lifecycle {
	pick := func(d, def time.Duration) time.Duration {
		switch {
		case d < 0:
			return 0
		case d == 0:
			return def
		}
		return d
	}
	return Lifecycle{
		Queued:       pick(l.Queued, DefaultLifecycle.Queued),
		Pending:      pick(l.Pending, DefaultLifecycle.Pending),
		Running:      pick(l.Running, DefaultLifecycle.Running),
		Cancelling:   pick(l.Cancelling, DefaultLifecycle.Cancelling),
		Provisioning: pick(l.Provisioning, DefaultLifecycle.Provisioning),
		Operation:    pick(l.Operation, DefaultLifecycle.Operation),
	}
}
