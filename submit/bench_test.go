package submit

import (
	"fmt"
	"testing"
	"time"

	"github.com/vxjob/vxjob/submit/vertextest"
)

// BenchmarkApply500 applies 500 jobs to the emulator with 20 ms of latency
// on every call and 16 creates at once, then applies them again. It
// reports the first apply's wall time against the ideal (500 creates × 20
// ms / 16; target: within 1.5×), the calls of each kind, and what the
// second apply called (target: no creates, only lists).
func BenchmarkApply500(b *testing.B) {
	const jobs, latency, parallelism = 500, 20 * time.Millisecond, 16
	ideal := time.Duration(jobs) * latency / parallelism
	var texts []string
	for i := range jobs {
		texts = append(texts, freeJobDoc(fmt.Sprintf("job-%03d", i), "1.0"))
	}
	d := docs(b, texts...)
	var first, second map[string]int
	var wall time.Duration
	for b.Loop() {
		srv := vertextest.New(vertextest.Options{Latency: latency, Lifecycle: vertextest.Lifecycle{Queued: time.Hour}})
		f := &applyFixture{t: b, ctx: b.Context(), srv: srv}
		a := &Applier{Planner: Planner{Dial: f.dial}, Parallelism: parallelism, Wait: WaitNone}
		start := time.Now()
		res, err := a.Apply(b.Context(), d)
		wall += time.Since(start)
		if err != nil || len(res.Failed()) > 0 {
			b.Fatalf("apply: %v %v", err, res.Failed())
		}
		first = callsByMethod(srv.Calls())
		n := len(srv.Calls())
		if _, err := a.Apply(b.Context(), d); err != nil {
			b.Fatal(err)
		}
		second = callsByMethod(srv.Calls()[n:])
		srv.Close()
	}
	if first["CreateCustomJob"] != jobs || second["CreateCustomJob"] != 0 || len(second) != 1 || second["ListCustomJobs"] == 0 {
		b.Fatalf("first apply %v, second %v: want %d creates, then lists only", first, second, jobs)
	}
	perOp := wall / time.Duration(b.N)
	b.ReportMetric(perOp.Seconds(), "wall-s")
	b.ReportMetric(ideal.Seconds(), "ideal-s")
	b.ReportMetric(float64(perOp)/float64(ideal), "x-ideal")
	b.ReportMetric(float64(first["CreateCustomJob"]), "creates")
	b.ReportMetric(float64(first["ListCustomJobs"]), "lists")
	b.ReportMetric(float64(second["ListCustomJobs"]), "2nd-lists")
	b.ReportMetric(float64(second["CreateCustomJob"]), "2nd-creates")
	b.Logf("first apply: %v; second apply: %v", first, second)
}

func callsByMethod(calls []vertextest.Call) map[string]int {
	out := map[string]int{}
	for _, c := range calls {
		out[c.Method]++
	}
	return out
}
