package vertextest

import (
	"context"
	"strconv"
	"strings"

	adminpb "cloud.google.com/go/iam/admin/apiv1/adminpb"
	"cloud.google.com/go/iam/apiv1/iampb"
	"cloud.google.com/go/resourcemanager/apiv3/resourcemanagerpb"
	"google.golang.org/grpc"
)

// The two testIamPermissions methods that `vxjob lint --live` asks:
// Resource Manager's on a project (may the caller create custom jobs
// there?) and IAM's on a service account (may the caller act as it?).
// Every permission is granted unless Deny says otherwise.

type projectsService struct {
	resourcemanagerpb.UnimplementedProjectsServer
	s *Server
}

type iamService struct {
	adminpb.UnimplementedIAMServer
	s *Server
}

// denial takes a permission away, on one resource or ("" ) on all.
type denial struct {
	permission string
	resource   string // canonical
}

// Deny makes testIamPermissions leave permission out on resource: a
// project ("projects/ID" or "projects/NUMBER"), a service account
// ("projects/-/serviceAccounts/EMAIL"), or "" for every resource.
func (s *Server) Deny(permission, resource string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.denied = append(s.state.denied, denial{permission, s.state.canonResource(resource)})
}

// canonResource names projects by number and service accounts by email
// alone, so that every way of writing one resource compares equal.
func (st *state) canonResource(r string) string {
	parts := strings.Split(r, "/")
	switch {
	case len(parts) == 2 && parts[0] == "projects":
		if n, err := st.projectNumber(parts[1]); err == nil {
			return "projects/" + strconv.FormatInt(n, 10)
		}
	case len(parts) == 4 && parts[0] == "projects" && parts[2] == "serviceAccounts":
		return "serviceAccounts/" + parts[3]
	}
	return r
}

func (s *Server) testPermissions(req *iampb.TestIamPermissionsRequest) (*iampb.TestIamPermissionsResponse, error) {
	s.begin()
	defer s.mu.Unlock()
	if req.GetResource() == "" {
		return nil, invalid("resource is required")
	}
	res := s.state.canonResource(req.GetResource())
	resp := &iampb.TestIamPermissionsResponse{}
	for _, p := range req.GetPermissions() {
		if !s.state.isDenied(p, res) {
			resp.Permissions = append(resp.Permissions, p)
		}
	}
	return resp, nil
}

func (st *state) isDenied(permission, resource string) bool {
	for _, d := range st.denied {
		if d.permission == permission && (d.resource == "" || d.resource == resource) {
			return true
		}
	}
	return false
}

func (ps *projectsService) TestIamPermissions(_ context.Context, req *iampb.TestIamPermissionsRequest) (*iampb.TestIamPermissionsResponse, error) {
	return ps.s.testPermissions(req)
}

// iamRESTDesc stands in for the IAM service's grpc.ServiceDesc, which
// adminpb does not export, so that the REST routes can reach the one
// method served; the handler is the generated one's shape.
var iamRESTDesc = grpc.ServiceDesc{
	ServiceName: "google.iam.admin.v1.IAM",
	Methods: []grpc.MethodDesc{{
		MethodName: "TestIamPermissions",
		Handler: func(srv any, ctx context.Context, dec func(any) error, intercept grpc.UnaryServerInterceptor) (any, error) {
			in := new(iampb.TestIamPermissionsRequest)
			if err := dec(in); err != nil {
				return nil, err
			}
			info := &grpc.UnaryServerInfo{Server: srv, FullMethod: "/google.iam.admin.v1.IAM/TestIamPermissions"}
			return intercept(ctx, in, info, func(ctx context.Context, req any) (any, error) {
				return srv.(*iamService).TestIamPermissions(ctx, req.(*iampb.TestIamPermissionsRequest))
			})
		},
	}},
}

func (is *iamService) TestIamPermissions(_ context.Context, req *iampb.TestIamPermissionsRequest) (*iampb.TestIamPermissionsResponse, error) {
	return is.s.testPermissions(req)
}
