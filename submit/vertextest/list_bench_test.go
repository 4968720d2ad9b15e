package vertextest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"

	"github.com/vxjob/vxjob/submit/vertextest/internal/listfilter"
)

// BenchmarkListJobsPageByPage lists every job of a parent, a page of 10 at
// a time, as a client's iterator does. Each page is found in the jobs kept
// in creation order, so ns/op grows with the jobs, not with their square
// (it once sorted every job for every page).
func BenchmarkListJobsPageByPage(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("jobs=%d", n), func(b *testing.B) {
			s := New(Options{Clock: NewFakeClock(time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC))})
			defer s.Close()
			js := &jobService{s: s}
			const p = "projects/acme-ml/locations/us-central1"
			for i := range n {
				job := &aiplatformpb.CustomJob{DisplayName: fmt.Sprint("job-", i), JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
					MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-4"},
					ReplicaCount: 1,
					Task:         &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "gcr.io/p/i"}},
				}}}}
				if _, err := js.CreateCustomJob(context.Background(), &aiplatformpb.CreateCustomJobRequest{Parent: p, CustomJob: job}); err != nil {
					b.Fatal(err)
				}
			}
			canon, err := s.state.parseParent(p)
			if err != nil {
				b.Fatal(err)
			}
			filter, _ := listfilter.Parse("")
			b.ResetTimer()
			for range b.N {
				seen := 0
				for token := ""; ; {
					page, next, err := s.state.jobPage(canon, filter, 10, 10, token)
					if err != nil {
						b.Fatal(err)
					}
					seen += len(page)
					if next == "" {
						break
					}
					token = next
				}
				if seen != n {
					b.Fatalf("listed %d jobs, want %d", seen, n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/job")
		})
	}
}
