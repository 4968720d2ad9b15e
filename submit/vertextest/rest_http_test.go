package vertextest_test

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/vxjob/vxjob/submit/vertextest"
)

// The wire itself, as curl or any HTTP client sees it.

// restCall is one HTTP request to the server at base, with its answer.
func restCall(t *testing.T, method, url, body string) (int, http.Header, map[string]any) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s %s: the body is not a JSON object: %v\n%s", method, url, err, b)
	}
	return resp.StatusCode, resp.Header, out
}

func restFixture(t *testing.T) (*fixture, string) {
	f := newFixture(t, vertextest.Options{})
	return f, "http://" + serveLoopback(t, f.srv)
}

func TestRESTErrorBody(t *testing.T) {
	t.Parallel()
	f, base := restFixture(t)
	f.addResource()
	mismatch := `{"displayName": "bert", "jobSpec": {"persistentResourceId": "training-pr", "workerPoolSpecs": [
		{"machineSpec": {"machineType": "n1-standard-16"}, "replicaCount": "1", "containerSpec": {"imageUri": "us-docker.pkg.dev/p/r/i:1"}}]}}`
	for _, tc := range []struct {
		name, method, path, body string
		code                     int
		status, message          string
	}{
		{"unknown job", "GET", "/v1/" + parent + "/customJobs/123", "", 404, "NOT_FOUND",
			`custom job "projects/acme-ml/locations/us-central1/customJobs/123" not found`},
		{"no matching pool", "POST", "/v1/" + parent + "/customJobs", mismatch, 400, "INVALID_ARGUMENT", ""},
		{"unknown field", "POST", "/v1/" + parent + "/customJobs", `{"displayName": "x", "replica_counts": 1}`, 400, "INVALID_ARGUMENT", ""},
		{"unknown query parameter", "GET", "/v1/" + parent + "/customJobs?pageSizes=3", "", 400, "INVALID_ARGUMENT", ""},
		{"a body where none is taken", "GET", "/v1/" + parent + "/customJobs", `{"pageSize": 3}`, 400, "INVALID_ARGUMENT", ""},
		{"a query where the body is the request", "POST", "/v1/" + resourceName + ":reboot?name=x", "", 400, "INVALID_ARGUMENT", ""},
		{"bad page size", "GET", "/v1/" + parent + "/customJobs?pageSize=ten", "", 400, "INVALID_ARGUMENT", ""},
		{"a format other than JSON", "GET", "/v1/" + parent + "/customJobs?$alt=proto", "", 400, "INVALID_ARGUMENT", ""},
		{"wrong method", "PUT", "/v1/" + parent + "/customJobs/123", "", 501, "UNIMPLEMENTED", ""},
		{"no such path", "GET", "/v1/" + parent + "/trainingPipelines/1/x", "", 404, "NOT_FOUND", ""},
		{"cancel an unknown operation", "POST", "/v1/" + resourceName + "/operations/1:cancel", "", 404, "NOT_FOUND", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, header, body := restCall(t, tc.method, base+tc.path, tc.body)
			if code != tc.code || !strings.HasPrefix(header.Get("Content-Type"), "application/json") {
				t.Errorf("HTTP %d %s, want %d and JSON", code, header.Get("Content-Type"), tc.code)
			}
			e, _ := body["error"].(map[string]any)
			if len(body) != 1 || e == nil || e["code"] != float64(tc.code) || e["status"] != tc.status || e["message"] == "" {
				t.Fatalf("body %v: want {\"error\": {\"code\": %d, \"status\": %q, \"message\": ...}}", body, tc.code, tc.status)
			}
			if tc.message != "" && e["message"] != tc.message {
				t.Errorf("message %q, want %q", e["message"], tc.message)
			}
		})
	}
	if calls := f.srv.Calls("CreateCustomJob"); len(calls) != 1 || calls[0].Code.String() != "InvalidArgument" {
		// Only the request that decoded reached the method; the journal
		// has it, as it would over gRPC.
		t.Errorf("journal: %+v", calls)
	}
}

func TestRESTWireFormat(t *testing.T) {
	t.Parallel()
	f, base := restFixture(t)
	f.addResource()
	url := base + "/v1/" + resourceName
	_, _, byName := restCall(t, "GET", url, "")
	if byName["state"] != "RUNNING" || byName["name"] != "projects/123456789012/locations/us-central1/persistentResources/training-pr" {
		t.Errorf("state %v, name %v: want the enum by name and the project number", byName["state"], byName["name"])
	}
	pool := byName["resourcePools"].([]any)[1].(map[string]any)
	if pool["replicaCount"] != "4" || pool["machineSpec"].(map[string]any)["machineType"] != "n1-standard-8" {
		t.Errorf("pool %v: want lowerCamelCase names and int64 as a string", pool)
	}
	// Google's client libraries ask for enums as numbers; the semicolon
	// comes escaped or not.
	for _, q := range []string{"?$alt=json;enum-encoding=int", "?%24alt=json%3Benum-encoding%3Dint", "?alt=json&$alt=json;enum-encoding=int&prettyPrint=false"} {
		_, _, byNumber := restCall(t, "GET", url+q, "")
		if byNumber["state"] != float64(3) {
			t.Errorf("%s: state %v, want 3", q, byNumber["state"])
		}
		spec := byNumber["resourcePools"].([]any)[0].(map[string]any)["machineSpec"].(map[string]any)
		if spec["acceleratorType"] != float64(8) {
			t.Errorf("%s: acceleratorType %v, want 8", q, spec["acceleratorType"])
		}
		byNumber["state"], spec["acceleratorType"] = "RUNNING", "NVIDIA_TESLA_A100"
		if !reflect.DeepEqual(byNumber, byName) {
			t.Errorf("%s: the rest differs:\n%v\n%v", q, byNumber, byName)
		}
	}
}

func TestRESTOperationPaths(t *testing.T) {
	t.Parallel()
	_, base := restFixture(t)
	code, _, op := restCall(t, "POST", base+"/v1/"+parent+"/persistentResources?persistentResourceId=training-pr",
		`{"resourcePools": [{"machineSpec": {"machineType": "n1-standard-8"}, "replicaCount": "2"}]}`)
	name, _ := op["name"].(string)
	if code != 200 || !strings.Contains(name, "/persistentResources/training-pr/operations/") {
		t.Fatalf("create: HTTP %d %v", code, op)
	}
	meta, _ := op["metadata"].(map[string]any)
	if meta["@type"] != "type.googleapis.com/google.cloud.aiplatform.v1.CreatePersistentResourceOperationMetadata" {
		t.Errorf("metadata %v: want an Any with @type", meta)
	}
	for _, prefix := range []string{"/v1/", "/ui/"} {
		t.Run(prefix, func(t *testing.T) {
			if code, _, got := restCall(t, "GET", base+prefix+name, ""); code != 200 || !reflect.DeepEqual(got, op) {
				t.Errorf("GET %s%s: HTTP %d %v, want %v", prefix, name, code, got, op)
			}
			// A wait that times out at once on the server's clock returns
			// the operation as it is.
			if code, _, got := restCall(t, "POST", base+prefix+name+":wait?timeout=0s", ""); code != 200 || got["done"] != nil {
				t.Errorf("wait: HTTP %d %v", code, got)
			}
			for _, owner := range []string{parent, resourceName} {
				code, _, list := restCall(t, "GET", base+prefix+owner+"/operations", "")
				ops, _ := list["operations"].([]any)
				if code != 200 || len(ops) != 1 || ops[0].(map[string]any)["name"] != name {
					t.Errorf("list under %s: HTTP %d %v", owner, code, list)
				}
			}
		})
	}
	if code, _, _ := restCall(t, "POST", base+"/ui/"+name+":cancel", ""); code != 200 {
		t.Fatalf("cancel: HTTP %d", code)
	}
	_, _, got := restCall(t, "GET", base+"/ui/"+name, "")
	if e, _ := got["error"].(map[string]any); got["done"] != true || e["code"] != float64(1) {
		t.Errorf("after cancel: %v, want done with error code 1 (CANCELLED)", got)
	}
	if code, _, _ := restCall(t, "DELETE", base+"/v1/"+name, ""); code != 200 {
		t.Errorf("delete: HTTP %d", code)
	}
	if code, _, _ := restCall(t, "GET", base+"/v1/"+name, ""); code != 404 {
		t.Errorf("GET after delete: HTTP %d", code)
	}
}

func TestRESTTestIamPermissions(t *testing.T) {
	t.Parallel()
	f, base := restFixture(t)
	f.srv.Deny("aiplatform.customJobs.create", "projects/acme-ml")
	f.srv.Deny("iam.serviceAccounts.actAs", "")
	for _, tc := range []struct {
		path, perms string
		want        []any
	}{
		{"/v3/projects/123456789012:testIamPermissions", `["aiplatform.customJobs.create", "aiplatform.customJobs.list"]`, []any{"aiplatform.customJobs.list"}},
		{"/v1/projects/-/serviceAccounts/trainer@acme-ml.iam.gserviceaccount.com:testIamPermissions", `["iam.serviceAccounts.actAs"]`, nil},
	} {
		code, _, got := restCall(t, "POST", base+tc.path, `{"permissions": `+tc.perms+`}`)
		if perms, _ := got["permissions"].([]any); code != 200 || !reflect.DeepEqual(perms, tc.want) {
			t.Errorf("%s: HTTP %d %v, want permissions %v", tc.path, code, got, tc.want)
		}
	}
}

// One address serves both transports: what a gRPC client makes, a REST
// client reads, on the same port.
func TestOneAddressServesBoth(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	f.addResource()
	addr := serveLoopback(t, f.srv)
	j, err := dialGRPC(t, addr).createJob(newJob("bert", "training-pr"))
	if err != nil {
		t.Fatal(err)
	}
	code, _, got := restCall(t, "GET", "http://"+addr+"/v1/"+j.Name, "")
	if code != 200 || got["name"] != j.Name || got["state"] != "JOB_STATE_QUEUED" {
		t.Errorf("over REST: HTTP %d %v", code, got)
	}
	if got, err := dialGRPC(t, addr).getJob(j.Name); err != nil || got.Name != j.Name {
		t.Errorf("over gRPC again: %v, %v", got, err)
	}
}

// A request that arrives a byte at a time, its first byte the HTTP/2
// preface's, is still told for HTTP/1.1 by the bytes that follow.
func TestRESTRequestInPieces(t *testing.T) {
	t.Parallel()
	_, base := restFixture(t)
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	req := "POST /v1/" + parent + "/customJobs/1:cancel HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
	for i := range len(req) {
		if _, err := c.Write([]byte{req[i]}); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := io.ReadAll(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(resp), "HTTP/1.1 404 ") || !strings.Contains(string(resp), `"status": "NOT_FOUND"`) {
		t.Errorf("answer:\n%s", resp)
	}
}
