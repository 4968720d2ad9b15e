package vertextest_test

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"testing"

	aiplatform "cloud.google.com/go/aiplatform/apiv1"
	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/longrunning/autogen/longrunningpb"
	vertexrest "google.golang.org/api/aiplatform/v1"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/iterator"
	"google.golang.org/api/option"
	rpccode "google.golang.org/genproto/googleapis/rpc/code"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	"github.com/vxjob/vxjob/submit/vertextest"
)

// The scenarios of rest_test.go run over both transports, on one loopback
// port that serves both, through what each transport's Google client
// library offers: the aiplatform gRPC clients, and for REST the
// discovery-based google.golang.org/api/aiplatform/v1 (the aiplatform
// library has no REST clients). vertexAPI is what they need of either, in
// aiplatformpb terms; the REST side converts through the JSON both share.
type vertexAPI interface {
	createJob(j *aiplatformpb.CustomJob) (*aiplatformpb.CustomJob, error)
	createJobIn(parent string, j *aiplatformpb.CustomJob) (*aiplatformpb.CustomJob, error)
	getJob(name string) (*aiplatformpb.CustomJob, error)
	listJobs(filter string, pageSize int32, token string) ([]*aiplatformpb.CustomJob, string, error)
	cancelJob(name string) error
	deleteJob(name string) (*longrunningpb.Operation, error)
	createResource(id string, r *aiplatformpb.PersistentResource) (*longrunningpb.Operation, error)
	getResource(name string) (*aiplatformpb.PersistentResource, error)
	updateResource(r *aiplatformpb.PersistentResource, paths ...string) (*longrunningpb.Operation, error)
	rebootResource(name string) (*longrunningpb.Operation, error)
	deleteResource(name string) (*longrunningpb.Operation, error)
	getOperation(name string) (*longrunningpb.Operation, error)
}

// serveLoopback serves srv on a loopback port and returns its address.
func serveLoopback(t *testing.T, srv *vertextest.Server) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()
	t.Cleanup(func() {
		srv.Close()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return lis.Addr().String()
}

// transports are the two ways to the server at addr.
var transports = []struct {
	name string
	dial func(t *testing.T, addr string) vertexAPI
}{
	{"grpc", dialGRPC},
	{"rest", dialREST},
}

type grpcAPI struct {
	ctx       context.Context
	jobs      *aiplatform.JobClient
	resources *aiplatform.PersistentResourceClient
}

func dialGRPC(t *testing.T, addr string) vertexAPI {
	t.Helper()
	ctx := context.Background()
	conn := func() option.ClientOption {
		c, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			t.Fatal(err)
		}
		return option.WithGRPCConn(c)
	}
	jobs, err := aiplatform.NewJobClient(ctx, conn())
	if err != nil {
		t.Fatal(err)
	}
	resources, err := aiplatform.NewPersistentResourceClient(ctx, conn())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { jobs.Close(); resources.Close() })
	return &grpcAPI{ctx, jobs, resources}
}

func (g *grpcAPI) createJob(j *aiplatformpb.CustomJob) (*aiplatformpb.CustomJob, error) {
	return g.createJobIn(parent, j)
}

func (g *grpcAPI) createJobIn(parent string, j *aiplatformpb.CustomJob) (*aiplatformpb.CustomJob, error) {
	return g.jobs.CreateCustomJob(g.ctx, &aiplatformpb.CreateCustomJobRequest{Parent: parent, CustomJob: j})
}

func (g *grpcAPI) getJob(name string) (*aiplatformpb.CustomJob, error) {
	return g.jobs.GetCustomJob(g.ctx, &aiplatformpb.GetCustomJobRequest{Name: name})
}

func (g *grpcAPI) listJobs(filter string, pageSize int32, token string) ([]*aiplatformpb.CustomJob, string, error) {
	// One call: the iterator fetches a page on its first Next and keeps
	// the response.
	it := g.jobs.ListCustomJobs(g.ctx, &aiplatformpb.ListCustomJobsRequest{Parent: parent, Filter: filter, PageSize: pageSize, PageToken: token})
	if _, err := it.Next(); err != nil && err != iterator.Done {
		return nil, "", err
	}
	resp := it.Response.(*aiplatformpb.ListCustomJobsResponse)
	return resp.CustomJobs, resp.NextPageToken, nil
}

func (g *grpcAPI) cancelJob(name string) error {
	return g.jobs.CancelCustomJob(g.ctx, &aiplatformpb.CancelCustomJobRequest{Name: name})
}

func (g *grpcAPI) deleteJob(name string) (*longrunningpb.Operation, error) {
	op, err := g.jobs.DeleteCustomJob(g.ctx, &aiplatformpb.DeleteCustomJobRequest{Name: name})
	if err != nil {
		return nil, err
	}
	return g.getOperation(op.Name())
}

func (g *grpcAPI) createResource(id string, r *aiplatformpb.PersistentResource) (*longrunningpb.Operation, error) {
	op, err := g.resources.CreatePersistentResource(g.ctx, &aiplatformpb.CreatePersistentResourceRequest{Parent: parent, PersistentResourceId: id, PersistentResource: r})
	if err != nil {
		return nil, err
	}
	return g.getOperation(op.Name())
}

func (g *grpcAPI) getResource(name string) (*aiplatformpb.PersistentResource, error) {
	return g.resources.GetPersistentResource(g.ctx, &aiplatformpb.GetPersistentResourceRequest{Name: name})
}

func (g *grpcAPI) updateResource(r *aiplatformpb.PersistentResource, paths ...string) (*longrunningpb.Operation, error) {
	op, err := g.resources.UpdatePersistentResource(g.ctx, &aiplatformpb.UpdatePersistentResourceRequest{PersistentResource: r, UpdateMask: &fieldmaskpb.FieldMask{Paths: paths}})
	if err != nil {
		return nil, err
	}
	return g.getOperation(op.Name())
}

func (g *grpcAPI) rebootResource(name string) (*longrunningpb.Operation, error) {
	op, err := g.resources.RebootPersistentResource(g.ctx, &aiplatformpb.RebootPersistentResourceRequest{Name: name})
	if err != nil {
		return nil, err
	}
	return g.getOperation(op.Name())
}

func (g *grpcAPI) deleteResource(name string) (*longrunningpb.Operation, error) {
	op, err := g.resources.DeletePersistentResource(g.ctx, &aiplatformpb.DeletePersistentResourceRequest{Name: name})
	if err != nil {
		return nil, err
	}
	return g.getOperation(op.Name())
}

func (g *grpcAPI) getOperation(name string) (*longrunningpb.Operation, error) {
	return g.resources.GetOperation(g.ctx, &longrunningpb.GetOperationRequest{Name: name})
}

// restAPI drives the server with Google's REST client for Vertex AI.
type restAPI struct {
	svc *vertexrest.Service
}

func dialREST(t *testing.T, addr string) vertexAPI {
	t.Helper()
	svc, err := vertexrest.NewService(context.Background(),
		option.WithEndpoint("http://"+addr+"/"), option.WithoutAuthentication(), option.WithHTTPClient(http.DefaultClient))
	if err != nil {
		t.Fatal(err)
	}
	return &restAPI{svc}
}

// toREST and fromREST convert between aiplatformpb messages and the REST
// client's structs, which are the same JSON.
func toREST[T any](m proto.Message) *T {
	b, err := protojson.Marshal(m)
	if err != nil {
		panic(err)
	}
	out := new(T)
	if err := json.Unmarshal(b, out); err != nil {
		panic(err)
	}
	return out
}

func fromREST[M proto.Message](v any, m M, err error) (M, error) {
	if err != nil {
		var zero M
		return zero, restStatus(err)
	}
	b, merr := json.Marshal(v)
	if merr == nil {
		merr = protojson.Unmarshal(b, m)
	}
	if merr != nil {
		var zero M
		return zero, merr
	}
	return m, nil
}

// restStatus turns the REST client's error into the status its body
// says, so that the scenarios check one code over both transports; it
// fails the body that is not Google's error, or whose HTTP status is not
// its code's.
func restStatus(err error) error {
	var ge *googleapi.Error
	if !errors.As(err, &ge) {
		return err
	}
	var body struct {
		Error struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
			Status  string `json:"status"`
		} `json:"error"`
	}
	if jerr := json.Unmarshal([]byte(ge.Body), &body); jerr != nil || body.Error.Status == "" {
		return errors.New("not Google's error body: " + ge.Body)
	}
	c, ok := rpccode.Code_value[body.Error.Status]
	if !ok || body.Error.Code != ge.Code || httpStatusOf(codes.Code(c)) != ge.Code {
		return errors.New("error body and HTTP status disagree: " + ge.Body)
	}
	return status.Error(codes.Code(c), body.Error.Message)
}

// httpStatusOf is the HTTP status Google gives each code (google/rpc/code.proto).
func httpStatusOf(c codes.Code) int {
	return map[codes.Code]int{
		codes.Canceled: 499, codes.Unknown: 500, codes.InvalidArgument: 400, codes.DeadlineExceeded: 504,
		codes.NotFound: 404, codes.AlreadyExists: 409, codes.PermissionDenied: 403, codes.Unauthenticated: 401,
		codes.ResourceExhausted: 429, codes.FailedPrecondition: 400, codes.Aborted: 409, codes.OutOfRange: 400,
		codes.Unimplemented: 501, codes.Internal: 500, codes.Unavailable: 503, codes.DataLoss: 500,
	}[c]
}

func (r *restAPI) createJob(j *aiplatformpb.CustomJob) (*aiplatformpb.CustomJob, error) {
	return r.createJobIn(parent, j)
}

func (r *restAPI) createJobIn(parent string, j *aiplatformpb.CustomJob) (*aiplatformpb.CustomJob, error) {
	got, err := r.svc.Projects.Locations.CustomJobs.Create(parent, toREST[vertexrest.GoogleCloudAiplatformV1CustomJob](j)).Do()
	return fromREST(got, &aiplatformpb.CustomJob{}, err)
}

func (r *restAPI) getJob(name string) (*aiplatformpb.CustomJob, error) {
	got, err := r.svc.Projects.Locations.CustomJobs.Get(name).Do()
	return fromREST(got, &aiplatformpb.CustomJob{}, err)
}

func (r *restAPI) listJobs(filter string, pageSize int32, token string) ([]*aiplatformpb.CustomJob, string, error) {
	call := r.svc.Projects.Locations.CustomJobs.List(parent).Filter(filter).PageToken(token)
	if pageSize > 0 {
		call = call.PageSize(int64(pageSize))
	}
	got, err := call.Do()
	resp, err := fromREST(got, &aiplatformpb.ListCustomJobsResponse{}, err)
	if err != nil {
		return nil, "", err
	}
	return resp.CustomJobs, resp.NextPageToken, nil
}

func (r *restAPI) cancelJob(name string) error {
	_, err := r.svc.Projects.Locations.CustomJobs.Cancel(name, &vertexrest.GoogleCloudAiplatformV1CancelCustomJobRequest{}).Do()
	return restStatus(err)
}

func (r *restAPI) deleteJob(name string) (*longrunningpb.Operation, error) {
	got, err := r.svc.Projects.Locations.CustomJobs.Delete(name).Do()
	return fromREST(got, &longrunningpb.Operation{}, err)
}

func (r *restAPI) createResource(id string, pr *aiplatformpb.PersistentResource) (*longrunningpb.Operation, error) {
	got, err := r.svc.Projects.Locations.PersistentResources.Create(parent, toREST[vertexrest.GoogleCloudAiplatformV1PersistentResource](pr)).PersistentResourceId(id).Do()
	return fromREST(got, &longrunningpb.Operation{}, err)
}

func (r *restAPI) getResource(name string) (*aiplatformpb.PersistentResource, error) {
	got, err := r.svc.Projects.Locations.PersistentResources.Get(name).Do()
	return fromREST(got, &aiplatformpb.PersistentResource{}, err)
}

func (r *restAPI) updateResource(pr *aiplatformpb.PersistentResource, paths ...string) (*longrunningpb.Operation, error) {
	// The REST client names the mask's fields in lowerCamelCase, as the
	// FieldMask's JSON form does.
	mask, err := protojson.Marshal(&fieldmaskpb.FieldMask{Paths: paths})
	if err != nil {
		return nil, err
	}
	var text string
	if err := json.Unmarshal(mask, &text); err != nil {
		return nil, err
	}
	got, err := r.svc.Projects.Locations.PersistentResources.Patch(pr.Name, toREST[vertexrest.GoogleCloudAiplatformV1PersistentResource](pr)).UpdateMask(text).Do()
	return fromREST(got, &longrunningpb.Operation{}, err)
}

func (r *restAPI) rebootResource(name string) (*longrunningpb.Operation, error) {
	got, err := r.svc.Projects.Locations.PersistentResources.Reboot(name, &vertexrest.GoogleCloudAiplatformV1RebootPersistentResourceRequest{}).Do()
	return fromREST(got, &longrunningpb.Operation{}, err)
}

func (r *restAPI) deleteResource(name string) (*longrunningpb.Operation, error) {
	got, err := r.svc.Projects.Locations.PersistentResources.Delete(name).Do()
	return fromREST(got, &longrunningpb.Operation{}, err)
}

func (r *restAPI) getOperation(name string) (*longrunningpb.Operation, error) {
	// The REST client has a Get per collection; all are GET /v1/{name}.
	got, err := r.svc.Projects.Locations.Operations.Get(name).Do()
	return fromREST(got, &longrunningpb.Operation{}, err)
}
