package submit

import (
	"context"
	"fmt"
	"strings"

	aiplatform "cloud.google.com/go/aiplatform/apiv1"
	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/iam/apiv1/iampb"
	logging "cloud.google.com/go/logging/apiv2"
	"cloud.google.com/go/logging/apiv2/loggingpb"
	"github.com/googleapis/gax-go/v2"
)

// Transport is how vxjob talks to Vertex AI: gRPC or REST (HTTP/1.1 and
// JSON, for networks where gRPC is blocked). Both carry the same
// aiplatformpb messages, so nothing above the Client knows which it is.
type Transport string

const (
	GRPC Transport = "grpc"
	REST Transport = "rest"
)

// TransportEnv is the environment variable that --transport overrides.
const TransportEnv = "VXJOB_TRANSPORT"

// Transports are the values --transport takes.
var Transports = []string{string(GRPC), string(REST)}

// ParseTransport reads a --transport value; "" is gRPC.
func ParseTransport(s string) (Transport, error) {
	switch t := Transport(strings.ToLower(strings.TrimSpace(s))); t {
	case "", GRPC:
		return GRPC, nil
	case REST:
		return REST, nil
	}
	return "", fmt.Errorf("transport %q: it must be grpc or rest", s)
}

// JobService is what vxjob calls of Vertex AI's JobService.
type JobService interface {
	CreateCustomJob(ctx context.Context, req *aiplatformpb.CreateCustomJobRequest) (*aiplatformpb.CustomJob, error)
	GetCustomJob(ctx context.Context, req *aiplatformpb.GetCustomJobRequest) (*aiplatformpb.CustomJob, error)
	CancelCustomJob(ctx context.Context, req *aiplatformpb.CancelCustomJobRequest) error
	// ListCustomJobs reads the one page that req's PageSize and
	// PageToken say, and returns the next page's token ("" after the last).
	ListCustomJobs(ctx context.Context, req *aiplatformpb.ListCustomJobsRequest) ([]*aiplatformpb.CustomJob, string, error)
}

// ResourceService is what vxjob calls of Vertex AI's
// PersistentResourceService. The changes return their long-running
// operation.
type ResourceService interface {
	CreatePersistentResource(ctx context.Context, req *aiplatformpb.CreatePersistentResourceRequest) (Operation, error)
	GetPersistentResource(ctx context.Context, req *aiplatformpb.GetPersistentResourceRequest) (*aiplatformpb.PersistentResource, error)
	// ListPersistentResources reads one page, as ListCustomJobs does.
	ListPersistentResources(ctx context.Context, req *aiplatformpb.ListPersistentResourcesRequest) ([]*aiplatformpb.PersistentResource, string, error)
	UpdatePersistentResource(ctx context.Context, req *aiplatformpb.UpdatePersistentResourceRequest) (Operation, error)
	RebootPersistentResource(ctx context.Context, req *aiplatformpb.RebootPersistentResourceRequest) (Operation, error)
	DeletePersistentResource(ctx context.Context, req *aiplatformpb.DeletePersistentResourceRequest) (Operation, error)
}

// LogService is what vxjob calls of Cloud Logging.
type LogService interface {
	// ListLogEntries reads one page, as ListCustomJobs does.
	ListLogEntries(ctx context.Context, req *loggingpb.ListLogEntriesRequest) ([]*loggingpb.LogEntry, string, error)
}

// PermissionTester is the testIamPermissions of Resource Manager (on
// projects) or of IAM (on service accounts).
type PermissionTester interface {
	TestIamPermissions(ctx context.Context, req *iampb.TestIamPermissionsRequest) (*iampb.TestIamPermissionsResponse, error)
}

// Operation is a long-running operation on a persistent resource.
type Operation interface {
	Name() string
	Done() bool
	// Poll asks for the operation's state once, unless it is done
	// already. When done, it returns the resource the operation ended
	// with (nil for a delete) or the error it ended with.
	Poll(ctx context.Context) (*aiplatformpb.PersistentResource, error)
	// Progress is the progress message of the operation's metadata as
	// last read ("" for none).
	Progress() string
}

// The gRPC implementations are the client library's clients, narrowed.

type grpcJobs struct{ c *aiplatform.JobClient }

func (g grpcJobs) CreateCustomJob(ctx context.Context, req *aiplatformpb.CreateCustomJobRequest) (*aiplatformpb.CustomJob, error) {
	return g.c.CreateCustomJob(ctx, req)
}

func (g grpcJobs) GetCustomJob(ctx context.Context, req *aiplatformpb.GetCustomJobRequest) (*aiplatformpb.CustomJob, error) {
	return g.c.GetCustomJob(ctx, req)
}

func (g grpcJobs) CancelCustomJob(ctx context.Context, req *aiplatformpb.CancelCustomJobRequest) error {
	return g.c.CancelCustomJob(ctx, req)
}

func (g grpcJobs) ListCustomJobs(ctx context.Context, req *aiplatformpb.ListCustomJobsRequest) ([]*aiplatformpb.CustomJob, string, error) {
	return g.c.ListCustomJobs(ctx, req).InternalFetch(int(req.PageSize), req.PageToken)
}

type grpcLogs struct{ c *logging.Client }

// The library's own retries are turned off: they would sleep on the wall
// clock, outside Timing.retry, which retries every read of the package.
func (g grpcLogs) ListLogEntries(ctx context.Context, req *loggingpb.ListLogEntriesRequest) ([]*loggingpb.LogEntry, string, error) {
	return g.c.ListLogEntries(ctx, req, gax.WithRetry(func() gax.Retryer { return nil })).InternalFetch(int(req.PageSize), req.PageToken)
}

type grpcResources struct {
	c *aiplatform.PersistentResourceClient
}

func (g grpcResources) CreatePersistentResource(ctx context.Context, req *aiplatformpb.CreatePersistentResourceRequest) (Operation, error) {
	op, err := g.c.CreatePersistentResource(ctx, req)
	if err != nil {
		return nil, err
	}
	return grpcResourceOp[*aiplatformpb.CreatePersistentResourceOperationMetadata]{op}, nil
}

func (g grpcResources) GetPersistentResource(ctx context.Context, req *aiplatformpb.GetPersistentResourceRequest) (*aiplatformpb.PersistentResource, error) {
	return g.c.GetPersistentResource(ctx, req)
}

func (g grpcResources) ListPersistentResources(ctx context.Context, req *aiplatformpb.ListPersistentResourcesRequest) ([]*aiplatformpb.PersistentResource, string, error) {
	return g.c.ListPersistentResources(ctx, req).InternalFetch(int(req.PageSize), req.PageToken)
}

func (g grpcResources) UpdatePersistentResource(ctx context.Context, req *aiplatformpb.UpdatePersistentResourceRequest) (Operation, error) {
	op, err := g.c.UpdatePersistentResource(ctx, req)
	if err != nil {
		return nil, err
	}
	return grpcResourceOp[*aiplatformpb.UpdatePersistentResourceOperationMetadata]{op}, nil
}

func (g grpcResources) RebootPersistentResource(ctx context.Context, req *aiplatformpb.RebootPersistentResourceRequest) (Operation, error) {
	op, err := g.c.RebootPersistentResource(ctx, req)
	if err != nil {
		return nil, err
	}
	return grpcResourceOp[*aiplatformpb.RebootPersistentResourceOperationMetadata]{op}, nil
}

func (g grpcResources) DeletePersistentResource(ctx context.Context, req *aiplatformpb.DeletePersistentResourceRequest) (Operation, error) {
	op, err := g.c.DeletePersistentResource(ctx, req)
	if err != nil {
		return nil, err
	}
	return grpcDeleteOp{op}, nil
}

// grpcResourceOp is one of the library's operations that end with a
// persistent resource; M is the type of its metadata.
type grpcResourceOp[M interface{ GetProgressMessage() string }] struct {
	op interface {
		Name() string
		Done() bool
		Poll(ctx context.Context, opts ...gax.CallOption) (*aiplatformpb.PersistentResource, error)
		Metadata() (M, error)
	}
}

func (o grpcResourceOp[M]) Name() string { return o.op.Name() }
func (o grpcResourceOp[M]) Done() bool   { return o.op.Done() }
func (o grpcResourceOp[M]) Poll(ctx context.Context) (*aiplatformpb.PersistentResource, error) {
	return o.op.Poll(ctx)
}

func (o grpcResourceOp[M]) Progress() string {
	meta, err := o.op.Metadata()
	if err != nil {
		return "" // metadata that does not decode has no message to give
	}
	return meta.GetProgressMessage()
}

// grpcDeleteOp is a delete, whose metadata has no progress message.
type grpcDeleteOp struct {
	op *aiplatform.DeletePersistentResourceOperation
}

func (o grpcDeleteOp) Name() string     { return o.op.Name() }
func (o grpcDeleteOp) Done() bool       { return o.op.Done() }
func (o grpcDeleteOp) Progress() string { return "" }
func (o grpcDeleteOp) Poll(ctx context.Context) (*aiplatformpb.PersistentResource, error) {
	return nil, o.op.Poll(ctx)
}

// grpcPermissions is either library's client: both have this method.
type grpcPermissions struct {
	c interface {
		TestIamPermissions(ctx context.Context, req *iampb.TestIamPermissionsRequest, opts ...gax.CallOption) (*iampb.TestIamPermissionsResponse, error)
	}
}

func (g grpcPermissions) TestIamPermissions(ctx context.Context, req *iampb.TestIamPermissionsRequest) (*iampb.TestIamPermissionsResponse, error) {
	return g.c.TestIamPermissions(ctx, req)
}
