// Package peakheap measures the most heap a piece of work holds at once,
// for benchmarks and tests that bound memory without timing anything.
package peakheap

import (
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// Interval is how often Of samples the heap. runtime/metrics reads it
// without stopping the world, so sampling this often costs little.
const Interval = 200 * time.Microsecond

// taken counts the samples Of has taken, so a test can wait for one.
var taken atomic.Int64

var names = []string{
	"/memory/classes/heap/objects:bytes", // live and not yet swept
	"/memory/classes/heap/unused:bytes",  // free space in spans in use
}

// InUse is the heap in use now: the bytes of the spans that hold objects,
// as runtime.MemStats.HeapInuse counts them.
func InUse() uint64 {
	samples := make([]metrics.Sample, len(names))
	return read(samples)
}

func read(samples []metrics.Sample) uint64 {
	for i, n := range names {
		samples[i].Name = n
	}
	metrics.Read(samples)
	var n uint64
	for _, s := range samples {
		if s.Value.Kind() == metrics.KindUint64 {
			n += s.Value.Uint64()
		}
	}
	return n
}

// Of runs fn and returns the most heap in use while it ran, less what was
// in use before it started (after a collection): the heap fn itself held
// at its peak. It samples every Interval, so a peak shorter than that may
// be missed; runtime.MemStats.TotalAlloc bounds what was missed.
func Of(fn func()) uint64 {
	runtime.GC()
	base := InUse()
	peak := base
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		samples := make([]metrics.Sample, len(names))
		t := time.NewTicker(Interval)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				peak = max(peak, read(samples))
				taken.Add(1)
			}
		}
	}()
	fn()
	close(stop)
	<-done
	peak = max(peak, InUse())
	return peak - base
}
