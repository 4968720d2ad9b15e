package submit

import (
	"context"
	"fmt"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/protobuf/proto"
)

// The most that one list may bring. A server that keeps sending pages (a
// next_page_token without end) is stopped here, with an error, before it
// fills the memory: a location with more than 100,000 jobs to read is far
// beyond what plan is made for.
const (
	maxListPages = 1000
	maxListItems = 100_000
	maxListBytes = 128 << 20
)

// fetcher makes one List call of a page, returning its items and the
// next page's token.
type fetcher[T any] func(ctx context.Context, pageSize int, pageToken string) ([]T, string, error)

// jobPages is the fetcher of the jobs that req lists.
func jobPages(c *Client, req *aiplatformpb.ListCustomJobsRequest) fetcher[*aiplatformpb.CustomJob] {
	return func(ctx context.Context, size int, token string) ([]*aiplatformpb.CustomJob, string, error) {
		page := proto.Clone(req).(*aiplatformpb.ListCustomJobsRequest)
		page.PageSize, page.PageToken = int32(size), token
		return c.Jobs.ListCustomJobs(ctx, page)
	}
}

// listAll reads every page of a list, one call per page, each with its
// own deadline and retries (Timing.read), so that a failure retries that
// page only. pageSize 0 takes the server's; what names the list in errors
// ("the jobs of projects/p/locations/l").
func listAll[T proto.Message](ctx context.Context, t Timing, what string, pageSize int, fetch fetcher[T]) ([]T, error) {
	var items []T
	token, size := "", 0
	for pages := 1; ; pages++ {
		var got []T
		var next string
		err := t.read(ctx, func(ctx context.Context) (err error) {
			got, next, err = fetch(ctx, pageSize, token)
			return err
		})
		if err != nil {
			return nil, &CallError{fmt.Sprintf("listing %s: %s", what, describe(err)), err}
		}
		items = append(items, got...)
		for _, it := range got {
			size += proto.Size(it)
		}
		switch {
		case next == "":
			return items, nil
		case next == token:
			return nil, answerErrorf("listing %s: Vertex AI sent the same page token twice; stopped", what)
		case pages >= maxListPages || len(items) > maxListItems || size > maxListBytes:
			return nil, answerErrorf("listing %s: stopped after %d pages, %d items, %d MiB, and Vertex AI still had more (at most %d pages, %d items or %d MiB are read)",
				what, pages, len(items), size>>20, maxListPages, maxListItems, maxListBytes>>20)
		}
		token = next
	}
}
