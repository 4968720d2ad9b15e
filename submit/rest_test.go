package submit

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vxjob/vxjob/submit/vertextest"
)

// serveREST serves srv on a loopback port and returns the Endpoint that
// reaches it over REST.
func serveREST(t *testing.T, srv *vertextest.Server) Endpoint {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(lis)
	return Endpoint{Address: lis.Addr().String(), Plaintext: true, Transport: REST}
}

func TestParseTransport(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Transport{"": GRPC, "grpc": GRPC, "REST": REST, " rest ": REST} {
		if got, err := ParseTransport(in); err != nil || got != want {
			t.Errorf("%q: %v %v, want %s", in, got, err, want)
		}
	}
	if _, err := ParseTransport("http"); err == nil || !strings.Contains(err.Error(), "grpc or rest") {
		t.Errorf("http: %v", err)
	}
}

// TestRESTError: Google's JSON error body comes back as the gRPC status
// it names, details included; a body that is not one takes the code of
// its HTTP status.
func TestRESTError(t *testing.T) {
	t.Parallel()
	body := `{"error": {"code": 409, "message": "The job exists.", "status": "ALREADY_EXISTS", "details": [
		{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "EXISTS", "domain": "aiplatform.googleapis.com"},
		{"@type": "type.googleapis.com/example.Unknown", "x": 1}]}}`
	st := status.Convert(restError(http.StatusConflict, []byte(body)))
	if st.Code() != codes.AlreadyExists || st.Message() != "The job exists." || len(st.Details()) != 1 {
		t.Fatalf("got %v %q %v", st.Code(), st.Message(), st.Details())
	}
	if info, ok := st.Details()[0].(*errdetails.ErrorInfo); !ok || info.Reason != "EXISTS" {
		t.Errorf("detail %v", st.Details()[0])
	}
	for code, want := range map[int]codes.Code{502: codes.Unavailable, 503: codes.Unavailable, 429: codes.ResourceExhausted, 404: codes.NotFound, 500: codes.Internal} {
		st := status.Convert(restError(code, []byte("<html>no</html>")))
		if st.Code() != want || !strings.Contains(st.Message(), "<html>no</html>") {
			t.Errorf("HTTP %d: %v %q, want %v", code, st.Code(), st.Message(), want)
		}
	}
	if got := status.Code(restError(400, []byte(`{"error": {"code": 400, "message": "bad", "status": "FAILED_PRECONDITION"}}`))); got != codes.FailedPrecondition {
		t.Errorf("the status name wins over the HTTP status: %v", got)
	}
}

// TestRESTNotFound: a REST refusal reads as gRPC's does.
func TestRESTNotFound(t *testing.T) {
	t.Parallel()
	_, grpcC := prServerOver(t, vertextest.Options{}, GRPC)
	_, restC := prServerOver(t, vertextest.Options{}, REST)
	ctx := context.Background()
	_, gerr := grpcC.Resource(ctx, prProject, prLocation, "missing-pr")
	_, rerr := restC.Resource(ctx, prProject, prLocation, "missing-pr")
	if status.Code(rerr) != codes.NotFound || rerr.Error() != gerr.Error() {
		t.Errorf("REST: %v (%v)\ngRPC: %v", rerr, status.Code(rerr), gerr)
	}
}

// TestRESTPlaintextOnlyToLoopback: REST keeps gRPC's rule, plaintext to
// a loopback address only, however the name resolves.
func TestRESTPlaintextOnlyToLoopback(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	calls := 0
	for _, ep := range []Endpoint{
		{Address: "10.1.2.3:8080", Plaintext: true, Transport: REST},
		{Address: "localhost:8080", Plaintext: true, Transport: REST},
	} {
		_, err := dial(ctx, "us-central1", ep, resolvesTo(&calls, "10.1.2.3"))
		_, gerr := dial(ctx, "us-central1", Endpoint{Address: ep.Address, Plaintext: true}, resolvesTo(&calls, "10.1.2.3"))
		if err == nil || gerr == nil || err.Error() != gerr.Error() || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("%s: REST %v, gRPC %v", ep.Address, err, gerr)
		}
	}
}

// TestRESTWithoutCredentials: REST off loopback is HTTPS with
// Application Default Credentials, and says so when there are none.
func TestRESTWithoutCredentials(t *testing.T) {
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", "/nonexistent/credentials.json")
	_, err := Dial(context.Background(), "us-central1", Endpoint{Transport: REST})
	if !errors.Is(err, ErrNoCredentials) {
		t.Fatalf("got %v, want ErrNoCredentials", err)
	}
}

// TestRESTFollowsNoRedirect: an answer that redirects (here from the
// loopback address to another server) is a failed call, and the other
// server is never asked.
func TestRESTFollowsNoRedirect(t *testing.T) {
	t.Parallel()
	other := 0
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other++ }))
	defer elsewhere.Close()
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer redirect.Close()
	calls := 0
	c, err := dial(context.Background(), "us-central1", Endpoint{Address: strings.TrimPrefix(redirect.URL, "http://"), Plaintext: true, Transport: REST}, resolvesTo(&calls, "127.0.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.Jobs.GetCustomJob(context.Background(), &aiplatformpb.GetCustomJobRequest{Name: "projects/p/locations/us-central1/customJobs/1"})
	if err == nil || other != 0 {
		t.Errorf("a redirect: error %v, the other server asked %d times", err, other)
	}
}
