package submit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/auth/credentials"
	"cloud.google.com/go/auth/httptransport"
	"cloud.google.com/go/iam/apiv1/iampb"
	"cloud.google.com/go/logging/apiv2/loggingpb"
	"cloud.google.com/go/longrunning/autogen/longrunningpb"
	_ "google.golang.org/genproto/googleapis/rpc/errdetails" // so that error details decode
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// maxRESTAnswer is the most of one REST answer that is read: a list page
// is far smaller, and a server that sends more is not Vertex AI.
const maxRESTAnswer = 64 << 20

// restConn makes Vertex AI's REST calls (HTTP/1.1 and JSON) to base
// ("https://HOST" or "http://IP:PORT"), as the API's HTTP mapping gives
// them.
type restConn struct {
	http *http.Client
	base string
}

// call sends body (nil for none) as JSON to base+path with query, and
// decodes the answer into out. A refusal comes back as the gRPC status
// that Google's error body names, so that the errors of both transports
// read and classify alike.
func (c *restConn) call(ctx context.Context, method, path string, query url.Values, body, out proto.Message) error {
	var rd io.Reader
	if body != nil {
		b, err := protojson.Marshal(body)
		if err != nil {
			return status.Errorf(codes.Internal, "encoding the request: %v", err)
		}
		rd = bytes.NewReader(b)
	}
	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return status.Errorf(codes.InvalidArgument, "%s %s: %v", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return status.FromContextError(ctx.Err()).Err()
		}
		// As gRPC reports a server it cannot reach: worth trying again.
		return status.Errorf(codes.Unavailable, "%s %s: %v", method, path, unwrapURLError(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxRESTAnswer+1))
	if err != nil {
		if ctx.Err() != nil {
			return status.FromContextError(ctx.Err()).Err()
		}
		return status.Errorf(codes.Unavailable, "%s %s: reading the answer: %v", method, path, err)
	}
	if len(data) > maxRESTAnswer {
		return status.Errorf(codes.ResourceExhausted, "%s %s: the answer is larger than %d MiB", method, path, maxRESTAnswer>>20)
	}
	if resp.StatusCode/100 != 2 {
		return restError(resp.StatusCode, data)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		data = []byte("{}") // an empty answer is an empty message
	}
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(data, out); err != nil {
		return status.Errorf(codes.Internal, "%s %s: the answer is not the JSON of %s: %v", method, path, out.ProtoReflect().Descriptor().FullName(), err)
	}
	return nil
}

// unwrapURLError drops the method and URL that *url.Error repeats.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// restError reads Google's JSON error body,
//
//	{"error": {"code": 404, "message": "...", "status": "NOT_FOUND", "details": [...]}}
//
// into the gRPC status it names; an answer without one (a proxy's page)
// takes the code of its HTTP status, as Google maps them.
func restError(httpStatus int, data []byte) error {
	var body struct {
		Error struct {
			Code    int               `json:"code"`
			Message string            `json:"message"`
			Status  string            `json:"status"`
			Details []json.RawMessage `json:"details"`
		} `json:"error"`
	}
	if json.Unmarshal(data, &body) != nil || body.Error.Message == "" && body.Error.Status == "" {
		text := strings.TrimSpace(string(data))
		if len(text) > 200 {
			text = text[:200] + "..."
		}
		return status.Errorf(httpCode(httpStatus), "HTTP %d %s: %s", httpStatus, http.StatusText(httpStatus), text)
	}
	c, ok := codeByName[body.Error.Status]
	if !ok {
		c = httpCode(httpStatus)
	}
	st := &spb.Status{Code: int32(c), Message: body.Error.Message}
	for _, d := range body.Error.Details {
		a := &anypb.Any{}
		// A detail of a type this build does not know is left out.
		if (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(d, a) == nil {
			st.Details = append(st.Details, a)
		}
	}
	return status.ErrorProto(st)
}

var codeByName = func() map[string]codes.Code {
	m := map[string]codes.Code{}
	for c := codes.OK; c <= codes.Unauthenticated; c++ {
		// codes.Code's String is "NotFound"; Google's JSON says NOT_FOUND.
		m[strings.ToUpper(snake(c.String()))] = c
	}
	m["CANCELLED"] = codes.Canceled
	return m
}()

func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// httpCode is the gRPC code of an HTTP status, as Google maps them.
func httpCode(s int) codes.Code {
	switch s {
	case http.StatusBadRequest:
		return codes.InvalidArgument
	case http.StatusUnauthorized:
		return codes.Unauthenticated
	case http.StatusForbidden:
		return codes.PermissionDenied
	case http.StatusNotFound:
		return codes.NotFound
	case http.StatusConflict:
		return codes.Aborted
	case http.StatusPreconditionFailed:
		return codes.FailedPrecondition
	case http.StatusTooManyRequests:
		return codes.ResourceExhausted
	case 499:
		return codes.Canceled
	case http.StatusNotImplemented:
		return codes.Unimplemented
	case http.StatusBadGateway, http.StatusServiceUnavailable:
		return codes.Unavailable
	case http.StatusGatewayTimeout:
		return codes.DeadlineExceeded
	}
	if s >= 500 {
		return codes.Internal
	}
	return codes.Unknown
}

// resourcePath is "/v1/" and a resource name, each segment escaped.
func resourcePath(version, name string) string {
	segs := strings.Split(name, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return "/" + version + "/" + strings.Join(segs, "/")
}

// maskParam is a field mask as a query parameter: lowerCamelCase paths,
// comma-separated.
func maskParam(m *fieldmaskpb.FieldMask) string {
	paths := make([]string, len(m.GetPaths()))
	for i, p := range m.GetPaths() {
		paths[i] = lowerCamel(p)
	}
	return strings.Join(paths, ",")
}

func lowerCamel(path string) string {
	var b strings.Builder
	up := false
	for _, r := range path {
		switch {
		case r == '_':
			up = true
		case up:
			b.WriteString(strings.ToUpper(string(r)))
			up = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// pageQuery is the query of a list call.
func pageQuery(filter string, size int32, token string, mask *fieldmaskpb.FieldMask) url.Values {
	q := url.Values{}
	if filter != "" {
		q.Set("filter", filter)
	}
	if size > 0 {
		q.Set("pageSize", strconv.Itoa(int(size)))
	}
	if token != "" {
		q.Set("pageToken", token)
	}
	if len(mask.GetPaths()) > 0 {
		q.Set("readMask", maskParam(mask))
	}
	return q
}

type restJobs struct{ c *restConn }

func (r restJobs) CreateCustomJob(ctx context.Context, req *aiplatformpb.CreateCustomJobRequest) (*aiplatformpb.CustomJob, error) {
	out := &aiplatformpb.CustomJob{}
	return out, r.c.call(ctx, http.MethodPost, resourcePath("v1", req.Parent)+"/customJobs", nil, req.GetCustomJob(), out)
}

func (r restJobs) GetCustomJob(ctx context.Context, req *aiplatformpb.GetCustomJobRequest) (*aiplatformpb.CustomJob, error) {
	out := &aiplatformpb.CustomJob{}
	return out, r.c.call(ctx, http.MethodGet, resourcePath("v1", req.Name), nil, nil, out)
}

func (r restJobs) CancelCustomJob(ctx context.Context, req *aiplatformpb.CancelCustomJobRequest) error {
	return r.c.call(ctx, http.MethodPost, resourcePath("v1", req.Name)+":cancel", nil, &emptypb.Empty{}, &emptypb.Empty{})
}

func (r restJobs) ListCustomJobs(ctx context.Context, req *aiplatformpb.ListCustomJobsRequest) ([]*aiplatformpb.CustomJob, string, error) {
	out := &aiplatformpb.ListCustomJobsResponse{}
	err := r.c.call(ctx, http.MethodGet, resourcePath("v1", req.Parent)+"/customJobs", pageQuery(req.Filter, req.PageSize, req.PageToken, req.ReadMask), nil, out)
	return out.CustomJobs, out.NextPageToken, err
}

type restResources struct{ c *restConn }

func (r restResources) CreatePersistentResource(ctx context.Context, req *aiplatformpb.CreatePersistentResourceRequest) (Operation, error) {
	q := url.Values{"persistentResourceId": {req.PersistentResourceId}}
	return r.c.startOperation(ctx, http.MethodPost, resourcePath("v1", req.Parent)+"/persistentResources", q, req.GetPersistentResource())
}

func (r restResources) GetPersistentResource(ctx context.Context, req *aiplatformpb.GetPersistentResourceRequest) (*aiplatformpb.PersistentResource, error) {
	out := &aiplatformpb.PersistentResource{}
	return out, r.c.call(ctx, http.MethodGet, resourcePath("v1", req.Name), nil, nil, out)
}

func (r restResources) ListPersistentResources(ctx context.Context, req *aiplatformpb.ListPersistentResourcesRequest) ([]*aiplatformpb.PersistentResource, string, error) {
	out := &aiplatformpb.ListPersistentResourcesResponse{}
	err := r.c.call(ctx, http.MethodGet, resourcePath("v1", req.Parent)+"/persistentResources", pageQuery("", req.PageSize, req.PageToken, nil), nil, out)
	return out.PersistentResources, out.NextPageToken, err
}

func (r restResources) UpdatePersistentResource(ctx context.Context, req *aiplatformpb.UpdatePersistentResourceRequest) (Operation, error) {
	q := url.Values{"updateMask": {maskParam(req.UpdateMask)}}
	return r.c.startOperation(ctx, http.MethodPatch, resourcePath("v1", req.GetPersistentResource().GetName()), q, req.GetPersistentResource())
}

func (r restResources) RebootPersistentResource(ctx context.Context, req *aiplatformpb.RebootPersistentResourceRequest) (Operation, error) {
	return r.c.startOperation(ctx, http.MethodPost, resourcePath("v1", req.Name)+":reboot", nil, &emptypb.Empty{})
}

func (r restResources) DeletePersistentResource(ctx context.Context, req *aiplatformpb.DeletePersistentResourceRequest) (Operation, error) {
	return r.c.startOperation(ctx, http.MethodDelete, resourcePath("v1", req.Name), nil, nil)
}

func (c *restConn) startOperation(ctx context.Context, method, path string, query url.Values, body proto.Message) (Operation, error) {
	op := &restOperation{c: c, op: &longrunningpb.Operation{}}
	if err := c.call(ctx, method, path, query, body, op.op); err != nil {
		return nil, err
	}
	if op.op.Name == "" {
		return nil, status.Errorf(codes.Internal, "%s %s: the answer is an operation without a name", method, path)
	}
	return op, nil
}

// restOperation is a long-running operation polled with
// GET /v1/{operation name}.
type restOperation struct {
	c  *restConn
	op *longrunningpb.Operation
}

func (o *restOperation) Name() string { return o.op.Name }
func (o *restOperation) Done() bool   { return o.op.Done }

func (o *restOperation) Poll(ctx context.Context) (*aiplatformpb.PersistentResource, error) {
	if !o.op.Done {
		next := &longrunningpb.Operation{}
		if err := o.c.call(ctx, http.MethodGet, resourcePath("v1", o.op.Name), nil, nil, next); err != nil {
			return nil, err
		}
		o.op = next
		if !next.Done {
			return nil, nil
		}
	}
	if e := o.op.GetError(); e != nil {
		return nil, status.ErrorProto(e)
	}
	resp := o.op.GetResponse()
	if resp == nil {
		return nil, nil
	}
	m, err := resp.UnmarshalNew()
	if err != nil {
		return nil, status.Errorf(codes.Internal, "operation %s: its response does not decode: %v", o.op.Name, err)
	}
	pr, _ := m.(*aiplatformpb.PersistentResource)
	return pr, nil // a delete's response is Empty
}

func (o *restOperation) Progress() string {
	m, err := o.op.GetMetadata().UnmarshalNew()
	if err != nil {
		return ""
	}
	if p, ok := m.(interface{ GetProgressMessage() string }); ok {
		return p.GetProgressMessage()
	}
	return ""
}

// restPermissions is testIamPermissions at POST /{version}/{resource}:testIamPermissions.
type restPermissions struct {
	c       *restConn
	version string // v3 for Resource Manager, v1 for IAM
}

func (r restPermissions) TestIamPermissions(ctx context.Context, req *iampb.TestIamPermissionsRequest) (*iampb.TestIamPermissionsResponse, error) {
	out := &iampb.TestIamPermissionsResponse{}
	body := &iampb.TestIamPermissionsRequest{Permissions: req.Permissions}
	return out, r.c.call(ctx, http.MethodPost, resourcePath(r.version, req.Resource)+":testIamPermissions", nil, body, out)
}

// restLogs is Cloud Logging's entries.list at POST /v2/entries:list.
type restLogs struct{ c *restConn }

func (r restLogs) ListLogEntries(ctx context.Context, req *loggingpb.ListLogEntriesRequest) ([]*loggingpb.LogEntry, string, error) {
	out := &loggingpb.ListLogEntriesResponse{}
	if err := r.c.call(ctx, http.MethodPost, "/v2/entries:list", nil, req, out); err != nil {
		return nil, "", err
	}
	return out.Entries, out.NextPageToken, nil
}

// The REST hosts of the services other than Vertex AI.
const (
	resourceManagerHost = "cloudresourcemanager.googleapis.com"
	iamHost             = "iam.googleapis.com"
	loggingHost         = "logging.googleapis.com"
)

// noRedirects makes a redirect an answer, never followed: the APIs do not
// redirect, and following one could take a plaintext request off loopback,
// or a request with credentials to another host.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// dialREST is dial over REST: plaintext HTTP to a loopback address only,
// else HTTPS with Application Default Credentials, to ep's address or to
// the location's regional endpoint (and Resource Manager's and IAM's
// own).
func dialREST(ctx context.Context, location string, ep Endpoint, lookup lookupIP) (*Client, error) {
	var client *http.Client
	var ai, crm, iam, logs string
	if ep.Plaintext {
		target, err := loopbackTarget(ctx, ep.Address, lookup)
		if err != nil {
			return nil, err
		}
		// The address, not the name, as for gRPC; and never a proxy,
		// which would take the plaintext off the machine.
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.Proxy = nil
		client = &http.Client{Transport: tr, CheckRedirect: noRedirects}
		ai = "http://" + target
		crm, iam, logs = ai, ai, ai
	} else {
		creds, err := credentials.DetectDefault(&credentials.DetectOptions{Scopes: []string{cloudPlatformScope}})
		if err != nil {
			return nil, credentialsError(err)
		}
		if client, err = httptransport.NewClient(&httptransport.Options{Credentials: creds}); err != nil {
			return nil, fmt.Errorf("connecting to Vertex AI: %w", err)
		}
		client.CheckRedirect = noRedirects
		ai, crm, iam, logs = "https://"+strings.TrimSuffix(RegionalEndpoint(location), ":443"), "https://"+resourceManagerHost, "https://"+iamHost, "https://"+loggingHost
		if ep.Address != "" {
			ai = "https://" + strings.TrimSuffix(ep.Address, ":443")
			crm, iam, logs = ai, ai, ai
		}
	}
	conn := func(base string) *restConn { return &restConn{http: client, base: base} }
	return &Client{
		Jobs:      restJobs{conn(ai)},
		Resources: restResources{conn(ai)},
		Projects:  restPermissions{conn(crm), "v3"},
		IAM:       restPermissions{conn(iam), "v1"},
		Logs:      restLogs{conn(logs)},
		closers:   []func() error{func() error { client.CloseIdleConnections(); return nil }},
	}, nil
}
