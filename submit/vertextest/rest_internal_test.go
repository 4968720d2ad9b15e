package vertextest

import (
	"encoding/json"
	"maps"
	"net/http/httptest"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestPathTemplateMatch(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		template, path string
		want           map[string]string // nil: no match
	}{
		{"/v1/{parent=projects/*/locations/*}/customJobs", "/v1/projects/p/locations/l/customJobs",
			map[string]string{"parent": "projects/p/locations/l"}},
		{"/v1/{parent=projects/*/locations/*}/customJobs", "/v1/projects/p/locations/l/customJobs/1", nil},
		{"/v1/{parent=projects/*/locations/*}/customJobs", "/v1/projects/p/locations/customJobs", nil},
		{"/v1/{parent=projects/*/locations/*}/customJobs", "/v1/projects//locations/l/customJobs", nil},
		{"/v1/{name=projects/*/locations/*/customJobs/*}:cancel", "/v1/projects/p/locations/l/customJobs/7:cancel",
			map[string]string{"name": "projects/p/locations/l/customJobs/7"}},
		// A verb the template does not have, or lacks, is no match: a GET
		// of name:cancel is not a Get.
		{"/v1/{name=projects/*/locations/*/customJobs/*}", "/v1/projects/p/locations/l/customJobs/7:cancel", nil},
		{"/v1/{name=projects/*/locations/*/customJobs/*}:cancel", "/v1/projects/p/locations/l/customJobs/7", nil},
		{"/v1/{name=projects/*/locations/*/customJobs/*}:cancel", "/v1/projects/p/locations/l/customJobs/7:reboot", nil},
		{"/v1/{persistent_resource.name=projects/*/locations/*/persistentResources/*}", "/v1/projects/p/locations/l/persistentResources/pr",
			map[string]string{"persistent_resource.name": "projects/p/locations/l/persistentResources/pr"}},
		{"/v3/{resource=projects/*}:testIamPermissions", "/v3/projects/p:testIamPermissions", map[string]string{"resource": "projects/p"}},
		// Segments are unescaped, and a name may hold an @.
		{"/v1/{resource=projects/*/serviceAccounts/*}:testIamPermissions", "/v1/projects/-/serviceAccounts/a%40b.iam.gserviceaccount.com:testIamPermissions",
			map[string]string{"resource": "projects/-/serviceAccounts/a@b.iam.gserviceaccount.com"}},
		{"/v1/{name=operations/**}", "/v1/operations/a/b/c", map[string]string{"name": "operations/a/b/c"}},
		{"/v1/{name=operations/**}", "/v1/operations", nil},
		{"/v1/{name}", "/v1/x", map[string]string{"name": "x"}},
		{"/v1/{name}", "/v1/x/y", nil},
	} {
		pt, err := parseTemplate(tc.template)
		if err != nil {
			t.Fatalf("%s: %v", tc.template, err)
		}
		got, ok := pt.match(tc.path)
		if ok != (tc.want != nil) || !maps.Equal(got, tc.want) {
			t.Errorf("%s against %s: %v, %v; want %v", tc.template, tc.path, got, ok, tc.want)
		}
	}
}

func TestParseTemplateRefuses(t *testing.T) {
	t.Parallel()
	for _, tmpl := range []string{"v1/x", "/v1/{name", "/v1/**/x", "/v1//x", "/v1/{name=a{b}"} {
		if _, err := parseTemplate(tmpl); err == nil {
			t.Errorf("%q parsed", tmpl)
		}
	}
}

// Every route comes from the descriptors: the custom job and persistent
// resource methods are among them with their annotated paths.
func TestRESTRoutesFromAnnotations(t *testing.T) {
	t.Parallel()
	srv := New(Options{})
	defer srv.Close()
	if srv.rest.err != nil {
		t.Fatal(srv.rest.err)
	}
	want := map[string]string{
		"CreateCustomJob":          "POST /v1/projects/p/locations/l/customJobs",
		"ListCustomJobs":           "GET /v1/projects/p/locations/l/customJobs",
		"GetCustomJob":             "GET /v1/projects/p/locations/l/customJobs/1",
		"CancelCustomJob":          "POST /v1/projects/p/locations/l/customJobs/1:cancel",
		"DeleteCustomJob":          "DELETE /v1/projects/p/locations/l/customJobs/1",
		"CreatePersistentResource": "POST /v1/projects/p/locations/l/persistentResources",
		"UpdatePersistentResource": "PATCH /v1/projects/p/locations/l/persistentResources/r",
		"RebootPersistentResource": "POST /v1/projects/p/locations/l/persistentResources/r:reboot",
		"DeletePersistentResource": "DELETE /v1/projects/p/locations/l/persistentResources/r",
		"GetOperation":             "GET /ui/projects/p/locations/l/persistentResources/r/operations/1",
		"WaitOperation":            "POST /v1/projects/p/locations/l/operations/1:wait",
	}
	for method, req := range want {
		verb, path, _ := strings.Cut(req, " ")
		var found []string
		for _, rt := range srv.rest.routes {
			if _, ok := rt.path.match(path); ok && rt.verb == verb {
				found = append(found, rt.method.MethodName)
			}
		}
		if len(found) != 1 || found[0] != method {
			t.Errorf("%s: routed to %v, want %s alone", req, found, method)
		}
	}
}

func TestRESTRoutesOfAnUnknownService(t *testing.T) {
	t.Parallel()
	_, err := restRoutes([]registered{{desc: &grpc.ServiceDesc{ServiceName: "vxjob.Nothing"}}})
	if err == nil {
		t.Fatal("routes of a service with no descriptor")
	}
	rec := httptest.NewRecorder()
	newRESTHandler([]registered{{desc: &grpc.ServiceDesc{ServiceName: "vxjob.Nothing"}}}, nil).ServeHTTP(rec, httptest.NewRequest("GET", "/v1/x", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"status": "INTERNAL"`) {
		t.Errorf("HTTP %d %s", rec.Code, rec.Body)
	}
}

// An error's details travel as Anys with their @type, as Google's do.
func TestRESTErrorDetails(t *testing.T) {
	t.Parallel()
	st, err := status.New(codes.ResourceExhausted, "quota").WithDetails(&errdetails.ErrorInfo{Reason: "RATE_LIMIT_EXCEEDED", Domain: "aiplatform.googleapis.com"})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	writeRESTError(rec, st.Err())
	var body struct {
		Error struct {
			Code    int
			Status  string
			Details []map[string]any
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if rec.Code != 429 || body.Error.Code != 429 || body.Error.Status != "RESOURCE_EXHAUSTED" || len(body.Error.Details) != 1 ||
		body.Error.Details[0]["@type"] != "type.googleapis.com/google.rpc.ErrorInfo" || body.Error.Details[0]["reason"] != "RATE_LIMIT_EXCEEDED" {
		t.Errorf("HTTP %d %s", rec.Code, rec.Body)
	}
}
