package vertextest_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/api/iterator"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vxjob/vxjob/submit/vertextest"
)

func TestListCustomJobsPagesThroughAll(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	names := jobNames("job", 150)
	for _, n := range names {
		f.createJob(newJob(n, ""))
		f.clock.Advance(time.Millisecond)
	}
	// A job of another location is not listed.
	if _, err := f.jobs.CreateCustomJob(f.ctx, &aiplatformpb.CreateCustomJobRequest{Parent: "projects/acme-ml/locations/europe-west4", CustomJob: newJob("elsewhere", "")}); err != nil {
		t.Fatal(err)
	}
	got := f.listJobs("")
	slices.Reverse(names) // newest first
	if !slices.Equal(got, names) {
		t.Fatalf("listed %d jobs, want the 150 newest first; got %v...", len(got), got[:min(5, len(got))])
	}
	// The default page is small, so 150 jobs take 15 pages.
	if n := len(f.srv.Calls("ListCustomJobs")); n != 15 {
		t.Errorf("%d ListCustomJobs calls, want 15", n)
	}

	// A page size is honoured, up to 100.
	it := f.jobs.ListCustomJobs(f.ctx, &aiplatformpb.ListCustomJobsRequest{Parent: parent, PageSize: 1000})
	if _, err := it.Next(); err != nil {
		t.Fatal(err)
	}
	if n := len(it.Response.(*aiplatformpb.ListCustomJobsResponse).CustomJobs); n != 100 {
		t.Errorf("a page of 1000 asked gave %d jobs, want at most 100", n)
	}
}

func TestListCustomJobsPagingIsStableUnderCreates(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{PageSize: 5})
	for _, n := range jobNames("old", 12) {
		f.createJob(newJob(n, ""))
	}
	first, err := listPage(f, "", "")
	if err != nil {
		t.Fatal(err)
	}
	// Jobs created between pages neither repeat earlier ones nor push
	// later ones out.
	f.createJob(newJob("new-1", ""))
	f.createJob(newJob("new-2", ""))
	seen := slices.Clone(first.names)
	for token := first.next; token != ""; {
		p, err := listPage(f, "", token)
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, p.names...)
		token = p.next
	}
	want := jobNames("old", 12)
	slices.Reverse(want)
	if !slices.Equal(seen, want) {
		t.Errorf("paged %v, want %v", seen, want)
	}
	// A token is only good with the filter it came from.
	_, err = listPage(f, `labels.team="nlp"`, first.next)
	wantCode(t, err, codes.InvalidArgument)
	_, err = listPage(f, "", "not-a-token")
	wantCode(t, err, codes.InvalidArgument)
}

type page struct {
	names []string
	next  string
}

// listPage calls ListCustomJobs once, through the client's iterator.
func listPage(f *fixture, filter, token string) (page, error) {
	it := f.jobs.ListCustomJobs(f.ctx, &aiplatformpb.ListCustomJobsRequest{Parent: parent, Filter: filter, PageToken: token})
	var p page
	if _, err := it.Next(); err != nil && err != iterator.Done {
		return p, err
	}
	resp := it.Response.(*aiplatformpb.ListCustomJobsResponse)
	for _, j := range resp.CustomJobs {
		p.names = append(p.names, j.DisplayName)
	}
	p.next = resp.NextPageToken
	return p, nil
}

// TestListCustomJobsFilters runs over both transports: over REST each
// filter travels escaped in the query.
func TestListCustomJobsFilters(t *testing.T) {
	t.Parallel()
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			f := newFixture(t, vertextest.Options{})
			testListCustomJobsFilters(t, f, tr.dial(t, serveLoopback(t, f.srv)))
		})
	}
}

// listAll lists the display names of every job filter lets through,
// page by page.
func listAll(t *testing.T, api vertexAPI, filter string) []string {
	t.Helper()
	var names []string
	token := ""
	for range 100 {
		jobs, next, err := api.listJobs(filter, 0, token)
		if err != nil {
			t.Fatalf("list %q: %v", filter, err)
		}
		for _, j := range jobs {
			names = append(names, j.DisplayName)
		}
		if token = next; token == "" {
			return names
		}
	}
	t.Fatalf("list %q: no last page", filter)
	return nil
}

func testListCustomJobsFilters(t *testing.T, f *fixture, api vertexAPI) {
	f.addResource()
	label := func(j *aiplatformpb.CustomJob, kv ...string) *aiplatformpb.CustomJob {
		j.Labels = map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			j.Labels[kv[i]] = kv[i+1]
		}
		return j
	}
	f.createJob(label(newJob("train-a", ""), "vxjob-managed", "true", "vxjob-key", "k1"))
	f.clock.Advance(time.Hour)
	cutoff := f.clock.Now().Format(time.RFC3339)
	f.createJob(label(newJob("train-b", ""), "vxjob-managed", "true", "vxjob-key", "k2"))
	f.createJob(label(newJob("eval-a", ""), "team", "nlp"))
	f.clock.Advance(lifecycle.Queued) // train-a has SUCCEEDED; train-b and eval-a are PENDING
	f.createJob(label(newJob("has space", ""), "a-key", "v"))

	for _, tc := range []struct {
		filter string
		want   string // display names, newest first
	}{
		{``, "has space eval-a train-b train-a"},
		{`labels.vxjob-key="k1"`, "train-a"},
		{`labels.vxjob-key=k2`, "train-b"},
		{`labels.vxjob-managed:*`, "train-b train-a"},
		{`labels.vxjob-key!="k1"`, "has space eval-a train-b"},
		{`labels."a-key"="v"`, "has space"},
		{`state="JOB_STATE_PENDING"`, "eval-a train-b"},
		{`state!=JOB_STATE_PENDING`, "has space train-a"},
		{`display_name="eval-a"`, "eval-a"},
		{`display_name!="eval-a"`, "has space train-b train-a"},
		{`display_name:"train-*"`, "train-b train-a"},
		{`create_time>"` + cutoff + `"`, "has space"},
		{`create_time>="` + cutoff + `"`, "has space eval-a train-b"},
		{`create_time<"` + cutoff + `"`, "train-a"},
		{`NOT labels.vxjob-managed:*`, "has space eval-a"},
		{`-labels.vxjob-managed:*`, "has space eval-a"},
		{`labels.vxjob-managed:* AND state="JOB_STATE_SUCCEEDED"`, "train-a"},
		{`labels.vxjob-key="k1" OR labels.team="nlp"`, "eval-a train-a"},
		{`(display_name="eval-a" OR display_name="train-a") AND NOT state="JOB_STATE_PENDING"`, "train-a"},
		// AIP-160: OR binds tighter than AND.
		{`display_name="train-b" AND display_name="eval-a" OR labels.vxjob-key="k2"`, "train-b"},
	} {
		t.Run(tc.filter, func(t *testing.T) {
			if got := strings.Join(listAll(t, api, tc.filter), " "); got != tc.want {
				t.Errorf("%q gave %q, want %q", tc.filter, got, tc.want)
			}
		})
	}

	for _, filter := range []string{
		`job_spec.persistent_resource_id="training-pr"`, // not filterable
		`state="SUCCEEDED"`,                             // not a JobState name
		`create_time>"yesterday"`,                       // not RFC 3339
		`labels.a<"b"`,                                  // no ordering on labels
		`display_name="a" AND`,                          // dangling
		`(state="JOB_STATE_QUEUED"`,                     // unbalanced
	} {
		t.Run("invalid "+filter, func(t *testing.T) {
			_, _, err := api.listJobs(filter, 0, "")
			wantCode(t, err, codes.InvalidArgument)
		})
	}
}

// A filter over listfilter.MaxLen is refused with INVALID_ARGUMENT, as
// AIP-160 services refuse them; a 4 MB one once held the server's lock
// for minutes.
func TestListCustomJobsRefusesLongFilters(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	f.createJob(newJob("j", ""))
	filter := strings.Repeat(`labels.a="b" OR `, 4_000_000/16) + `labels.a="b"`
	_, err := f.jobs.ListCustomJobs(f.ctx, &aiplatformpb.ListCustomJobsRequest{Parent: parent, Filter: filter}).Next()
	wantCode(t, err, codes.InvalidArgument)
	if msg := status.Convert(err).Message(); !strings.Contains(msg, "filters are at most") || len(msg) > 200 {
		t.Errorf("the error is %q", msg)
	}
	// The server goes on.
	if got := f.listJobs(""); len(got) != 1 {
		t.Errorf("listed %v after the refusal", got)
	}
}

// Deleted jobs leave the listing; jobs created in the same instant are
// listed by name, newest first, across pages.
func TestListCustomJobsAfterDeletes(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{PageSize: 3})
	var created []*aiplatformpb.CustomJob
	for _, n := range jobNames("j", 8) {
		created = append(created, f.createJob(newJob(n, "")))
	}
	f.clock.Advance(lifecycle.Queued + lifecycle.Pending + lifecycle.Running)
	for _, i := range []int{0, 3, 7} {
		if _, err := f.jobs.DeleteCustomJob(f.ctx, &aiplatformpb.DeleteCustomJobRequest{Name: created[i].Name}); err != nil {
			t.Fatal(err)
		}
	}
	f.clock.Advance(lifecycle.Operation)
	got := strings.Join(f.listJobs(""), " ")
	if want := "j-006 j-005 j-004 j-002 j-001"; got != want {
		t.Errorf("listed %q, want %q", got, want)
	}
}
