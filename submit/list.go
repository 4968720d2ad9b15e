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

// listAll reads every page of a list (eachPage), keeping them all, and
// stops with an error past maxListPages, maxListItems or maxListBytes.
// pageSize 0 takes the server's; what names the list in errors ("the jobs
// of projects/p/locations/l").
func listAll[T proto.Message](ctx context.Context, t Timing, what string, pageSize int, fetch fetcher[T]) ([]T, error) {
	var items []T
	pages, size := 0, 0
	err := eachPage(ctx, t, what, pageSize, fetch, func(got []T, more bool) error {
		pages++
		items = append(items, got...)
		for _, it := range got {
			size += proto.Size(it)
		}
		if more && (pages >= maxListPages || len(items) > maxListItems || size > maxListBytes) {
			return answerErrorf("listing %s: stopped after %d pages, %d items, %d MiB, and Vertex AI still had more (at most %d pages, %d items or %d MiB are read)",
				what, pages, len(items), size>>20, maxListPages, maxListItems, maxListBytes>>20)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return items, nil
}

// eachPage reads a list one call per page, each with its own deadline and
// retries (Timing.read), so that a failure retries that page only, and
// hands each page to use before it reads the next (more says there is
// one); use's error ends it. A list read this way is never held whole: a
// job's log can be longer than any bound listAll keeps.
func eachPage[T any](ctx context.Context, t Timing, what string, pageSize int, fetch fetcher[T], use func(page []T, more bool) error) error {
	token := ""
	for {
		var got []T
		var next string
		err := t.read(ctx, func(ctx context.Context) (err error) {
			got, next, err = fetch(ctx, pageSize, token)
			return err
		})
		if err != nil {
			return &CallError{fmt.Sprintf("listing %s: %s", what, describe(err)), err}
		}
		if next != "" && next == token {
			return answerErrorf("listing %s: the server sent the same page token twice; stopped", what)
		}
		if err := use(got, next != ""); err != nil {
			return err
		}
		if next == "" {
			return nil
		}
		token = next
	}
}
