package submit

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/iam/apiv1/iampb"

	"github.com/vxjob/vxjob/lint"
	"github.com/vxjob/vxjob/spec"
)

// ListResources returns every persistent resource of a project and
// location, following the pages.
func (c *Client) ListResources(ctx context.Context, project, location string) ([]*aiplatformpb.PersistentResource, error) {
	parent := fmt.Sprintf("projects/%s/locations/%s", project, location)
	return listAll(ctx, c.timing(), "the persistent resources of "+parent, 0, func(ctx context.Context, size int, token string) ([]*aiplatformpb.PersistentResource, string, error) {
		return c.Resources.ListPersistentResources(ctx, &aiplatformpb.ListPersistentResourcesRequest{Parent: parent, PageSize: int32(size), PageToken: token})
	})
}

// Held returns which of perms the caller holds on resource: a project
// ("projects/ID"), asked of Resource Manager, or a service account
// ("projects/-/serviceAccounts/EMAIL"), asked of IAM.
func (c *Client) Held(ctx context.Context, resource string, perms ...string) (map[string]bool, error) {
	req := &iampb.TestIamPermissionsRequest{Resource: resource, Permissions: perms}
	var resp *iampb.TestIamPermissionsResponse
	err := c.timing().read(ctx, func(ctx context.Context) (err error) {
		if strings.Contains(resource, "/serviceAccounts/") {
			resp, err = c.IAM.TestIamPermissions(ctx, req)
		} else {
			resp, err = c.Projects.TestIamPermissions(ctx, req)
		}
		return err
	})
	if err != nil {
		return nil, &CallError{fmt.Sprintf("testing permissions on %s: %s", resource, describe(err)), err}
	}
	held := map[string]bool{}
	for _, p := range perms {
		held[p] = false
	}
	for _, p := range resp.GetPermissions() {
		held[p] = true
	}
	return held, nil
}

// Dialer connects to Vertex AI for a location.
type Dialer func(ctx context.Context, location string) (*Client, error)

// LiveView answers a lint --live run: the persistent resources of each
// project and location it names, as snapshots taken now, and whether the
// caller holds the permissions its jobs need.
func LiveView(ctx context.Context, dial Dialer, req lint.LiveRequest, now time.Time) (*lint.LiveView, error) {
	clients := map[string]*Client{}
	defer func() {
		for _, c := range clients {
			c.Close()
		}
	}()
	client := func(location string) (*Client, error) {
		if c, ok := clients[location]; ok {
			return c, nil
		}
		c, err := dial(ctx, location)
		if err != nil {
			return nil, err
		}
		clients[location] = c
		return c, nil
	}

	view := &lint.LiveView{Held: map[string]map[string]bool{}}
	for _, pl := range req.Places {
		c, err := client(pl.Location)
		if err != nil {
			return nil, err
		}
		resources, err := c.ListResources(ctx, pl.Project, pl.Location)
		if err != nil {
			return nil, err
		}
		if len(resources) == 0 {
			continue
		}
		var buf bytes.Buffer
		if err := WriteSnapshot(&buf, pl.Project, pl.Location, resources, now); err != nil {
			return nil, err
		}
		name := fmt.Sprintf("live:projects/%s/locations/%s", pl.Project, pl.Location)
		view.Snapshots = append(view.Snapshots, spec.Parse(name, buf.Bytes()))
	}

	// Resource Manager and IAM are global: any location's client asks them.
	location := ""
	if len(req.Places) > 0 {
		location = req.Places[0].Location
	}
	ask := func(resource, permission string) error {
		c, err := client(location)
		if err != nil {
			return err
		}
		held, err := c.Held(ctx, resource, permission)
		if err != nil {
			return err
		}
		view.Held[resource] = held
		return nil
	}
	for _, p := range req.Projects {
		if err := ask(lint.ProjectResource(p), lint.PermissionCreateJob); err != nil {
			return nil, err
		}
	}
	for _, sa := range req.ServiceAccounts {
		if err := ask(lint.ServiceAccountResource(sa), lint.PermissionActAs); err != nil {
			return nil, err
		}
	}
	return view, nil
}
