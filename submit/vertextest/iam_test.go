package vertextest_test

import (
	"slices"
	"testing"

	admin "cloud.google.com/go/iam/admin/apiv1"
	"cloud.google.com/go/iam/apiv1/iampb"
	resourcemanager "cloud.google.com/go/resourcemanager/apiv3"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vxjob/vxjob/submit/vertextest"
)

func statusCode(err error) codes.Code { return status.Code(err) }

func TestTestIamPermissions(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	projects, err := resourcemanager.NewProjectsClient(f.ctx, f.srv.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	iam, err := admin.NewIamClient(f.ctx, f.srv.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	perms := []string{"aiplatform.customJobs.create", "aiplatform.customJobs.list"}
	ask := func(resource string, perms ...string) []string {
		t.Helper()
		resp, err := projects.TestIamPermissions(f.ctx, &iampb.TestIamPermissionsRequest{Resource: resource, Permissions: perms})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Permissions
	}
	if got := ask("projects/acme-ml", perms...); !slices.Equal(got, perms) {
		t.Errorf("by default every permission is held; got %v", got)
	}
	// A denial on the project by ID holds for its number too, and for no
	// other project.
	f.srv.Deny("aiplatform.customJobs.create", "projects/acme-ml")
	for _, res := range []string{"projects/acme-ml", "projects/123456789012"} {
		if got := ask(res, perms...); !slices.Equal(got, perms[1:]) {
			t.Errorf("%s: %v", res, got)
		}
	}
	if got := ask("projects/other", perms...); !slices.Equal(got, perms) {
		t.Errorf("another project: %v", got)
	}

	sa := "trainer@acme-ml.iam.gserviceaccount.com"
	f.srv.Deny("iam.serviceAccounts.actAs", "projects/-/serviceAccounts/"+sa)
	for _, res := range []string{"projects/-/serviceAccounts/" + sa, "projects/acme-ml/serviceAccounts/" + sa} {
		resp, err := iam.TestIamPermissions(f.ctx, &iampb.TestIamPermissionsRequest{Resource: res, Permissions: []string{"iam.serviceAccounts.actAs"}})
		if err != nil || len(resp.Permissions) != 0 {
			t.Errorf("%s: %v, %v", res, resp, err)
		}
	}
	resp, err := iam.TestIamPermissions(f.ctx, &iampb.TestIamPermissionsRequest{Resource: "projects/-/serviceAccounts/other@x.iam.gserviceaccount.com", Permissions: []string{"iam.serviceAccounts.actAs"}})
	if err != nil || len(resp.Permissions) != 1 {
		t.Errorf("another service account: %v, %v", resp, err)
	}
}
