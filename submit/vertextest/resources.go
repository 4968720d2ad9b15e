package vertextest

import (
	"context"
	"slices"
	"strings"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/longrunning/autogen/longrunningpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/vxjob/vxjob/internal/resname"
)

// resourceService is the PersistentResourceService.
type resourceService struct {
	aiplatformpb.UnimplementedPersistentResourceServiceServer
	s *Server
}

func (rs *resourceService) CreatePersistentResource(_ context.Context, req *aiplatformpb.CreatePersistentResourceRequest) (*longrunningpb.Operation, error) {
	s := rs.s
	now := s.begin()
	defer s.mu.Unlock()
	op, err := s.state.createResource(req.GetParent(), req.GetPersistentResourceId(), req.GetPersistentResource(), now, s.life.Provisioning)
	if err != nil {
		return nil, err
	}
	s.state.settle(now, s.life)
	return proto.Clone(op.pb).(*longrunningpb.Operation), nil
}

// createResource validates a resource, stores it PROVISIONING with the
// API's defaults filled in, and starts the operation that makes it
// RUNNING after d.
func (st *state) createResource(parentName, id string, in *aiplatformpb.PersistentResource, now time.Time, d time.Duration) (*operation, error) {
	p, err := st.parseParent(parentName)
	if err != nil {
		return nil, err
	}
	if err := validateResource(id, in); err != nil {
		return nil, err
	}
	name := string(p) + "/persistentResources/" + id
	if st.resources[name] != nil {
		return nil, status.Errorf(codes.AlreadyExists, "persistent resource %q already exists", name)
	}
	pb := proto.Clone(in).(*aiplatformpb.PersistentResource)
	pb.Name = name
	pb.State = aiplatformpb.PersistentResource_PROVISIONING
	pb.Error, pb.ResourceRuntime = nil, nil
	pb.CreateTime, pb.UpdateTime, pb.StartTime = timestamppb.New(now), timestamppb.New(now), nil
	for _, pool := range pb.ResourcePools {
		if pool.Id == "" {
			pool.Id = pool.MachineSpec.MachineType
		}
		pool.DiskSpec = effectiveDisk(pool.DiskSpec, pool.MachineSpec.MachineType)
		if pool.AutoscalingSpec != nil && pool.GetReplicaCount() == 0 {
			pool.ReplicaCount = proto.Int64(pool.AutoscalingSpec.GetMinReplicaCount())
		}
		pool.UsedReplicaCount = 0
	}
	r := &resource{pb: pb, used: map[string]int64{}}
	st.resources[name] = r
	meta := &aiplatformpb.CreatePersistentResourceOperationMetadata{GenericMetadata: genericMetadata(now), ProgressMessage: "Provisioning the resource pools"}
	op := st.startOp(name, meta, now, d, func(t time.Time) (proto.Message, error) {
		r.pb.State = aiplatformpb.PersistentResource_RUNNING
		r.pb.StartTime, r.pb.UpdateTime = timestamppb.New(t), timestamppb.New(t)
		st.admit(r, t)
		return r.view(), nil
	})
	op.cancel = func(t time.Time) {
		r.pb.State = aiplatformpb.PersistentResource_ERROR
		r.pb.UpdateTime = timestamppb.New(t)
	}
	return op, nil
}

func (rs *resourceService) GetPersistentResource(_ context.Context, req *aiplatformpb.GetPersistentResourceRequest) (*aiplatformpb.PersistentResource, error) {
	s := rs.s
	s.begin()
	defer s.mu.Unlock()
	r, err := s.state.findResource(req.GetName())
	if err != nil {
		return nil, err
	}
	return r.view(), nil
}

func (st *state) findResource(name string) (*resource, error) {
	canon, _, err := st.parseName(name, "persistentResources")
	if err != nil {
		return nil, err
	}
	r := st.resources[canon]
	if r == nil {
		return nil, status.Errorf(codes.NotFound, "persistent resource %q not found", name)
	}
	return r, nil
}

func (rs *resourceService) ListPersistentResources(_ context.Context, req *aiplatformpb.ListPersistentResourcesRequest) (*aiplatformpb.ListPersistentResourcesResponse, error) {
	s := rs.s
	s.begin()
	defer s.mu.Unlock()
	p, err := s.state.parseParent(req.GetParent())
	if err != nil {
		return nil, err
	}
	var all []*resource
	for name, r := range s.state.resources {
		if strings.HasPrefix(name, string(p)+"/") {
			all = append(all, r)
		}
	}
	pos := func(r *resource) position { return position{name: r.pb.Name} }
	byName := func(a, b position) int { return strings.Compare(a.name, b.name) }
	slices.SortFunc(all, func(a, b *resource) int { return byName(pos(a), pos(b)) })
	page, next, err := pageOf(all, pos, byName, req.GetPageSize(), int32(s.opts.PageSize), req.GetPageToken(), "")
	if err != nil {
		return nil, err
	}
	resp := &aiplatformpb.ListPersistentResourcesResponse{NextPageToken: next}
	for _, r := range page {
		resp.PersistentResources = append(resp.PersistentResources, r.view())
	}
	return resp, nil
}

// Update masks name the fields that may change in place; anything else
// about a persistent resource needs a new one. "resource_pools" is taken
// to mean their replica counts, and is refused when anything else about
// the pools would change.
var updatablePaths = map[string]bool{
	"display_name":                 true,
	"resource_pools.replica_count": true,
	"resource_pools":               true,
}

func (rs *resourceService) UpdatePersistentResource(_ context.Context, req *aiplatformpb.UpdatePersistentResourceRequest) (*longrunningpb.Operation, error) {
	s := rs.s
	now := s.begin()
	defer s.mu.Unlock()
	st := s.state
	in := req.GetPersistentResource()
	r, err := st.findResource(in.GetName())
	if err != nil {
		return nil, err
	}
	paths := req.GetUpdateMask().GetPaths()
	if len(paths) == 0 {
		return nil, invalid("update_mask is required")
	}
	for _, p := range paths {
		if !updatablePaths[p] {
			return nil, invalid("update_mask path %q cannot be updated; only display_name and resource_pools.replica_count (or resource_pools, for their replica counts) can", p)
		}
	}
	if r.pb.State != aiplatformpb.PersistentResource_RUNNING {
		return nil, status.Errorf(codes.FailedPrecondition, "persistent resource %q is %s; only a RUNNING one can be updated", in.GetName(), r.pb.State)
	}
	counts := map[string]int64{}
	if slices.Contains(paths, "resource_pools") {
		if err := onlyReplicaCounts(r, in.ResourcePools); err != nil {
			return nil, err
		}
	}
	if slices.Contains(paths, "resource_pools.replica_count") || slices.Contains(paths, "resource_pools") {
		if counts, err = newReplicaCounts(r, in.ResourcePools); err != nil {
			return nil, err
		}
	}
	if slices.Contains(paths, "display_name") {
		if err := validateResource(resname.ID(r.pb.Name), &aiplatformpb.PersistentResource{DisplayName: in.DisplayName, ResourcePools: r.pb.ResourcePools}); err != nil {
			return nil, err
		}
	}
	r.pb.State = aiplatformpb.PersistentResource_UPDATING
	r.pb.UpdateTime = timestamppb.New(now)
	meta := &aiplatformpb.UpdatePersistentResourceOperationMetadata{GenericMetadata: genericMetadata(now), ProgressMessage: "Updating the resource pools"}
	op := st.startOp(r.pb.Name, meta, now, s.life.Operation, func(t time.Time) (proto.Message, error) {
		if slices.Contains(paths, "display_name") {
			r.pb.DisplayName = in.DisplayName
		}
		for _, p := range r.pb.ResourcePools {
			if n, ok := counts[p.Id]; ok {
				p.ReplicaCount = proto.Int64(n)
			}
		}
		r.pb.State = aiplatformpb.PersistentResource_RUNNING
		r.pb.UpdateTime = timestamppb.New(t)
		st.admit(r, t)
		return r.view(), nil
	})
	op.cancel = func(t time.Time) { r.pb.State = aiplatformpb.PersistentResource_RUNNING }
	st.settle(now, s.life)
	return proto.Clone(op.pb).(*longrunningpb.Operation), nil
}

// newReplicaCounts checks the replica counts that an update gives, by pool
// ID: each names a pool of r, stays in its autoscaling range, and leaves
// room for the replicas in use.
func newReplicaCounts(r *resource, pools []*aiplatformpb.ResourcePool) (map[string]int64, error) {
	counts := map[string]int64{}
	for i, in := range pools {
		cur := findPool(r.pb, in.Id)
		if cur == nil {
			return nil, invalid("persistent_resource.resource_pools[%d]: no resource pool has ID %q; pools cannot be added by an update", i, in.Id)
		}
		next := proto.Clone(cur).(*aiplatformpb.ResourcePool)
		next.ReplicaCount = in.ReplicaCount
		if err := validateReplicas("persistent_resource.resource_pools["+cur.Id+"]", next); err != nil {
			return nil, err
		}
		if used := r.used[cur.Id]; poolLimit(next) < used {
			return nil, status.Errorf(codes.FailedPrecondition, "resource pool %q has %d replicas in use, more than %d", cur.Id, used, poolLimit(next))
		}
		counts[cur.Id] = in.GetReplicaCount()
	}
	return counts, nil
}

// onlyReplicaCounts refuses an update of the whole pools that would change
// more than their replica counts: the same pools, by ID, with the same
// machines, disks and autoscaling.
func onlyReplicaCounts(r *resource, pools []*aiplatformpb.ResourcePool) error {
	if len(pools) != len(r.pb.ResourcePools) {
		return invalid("persistent_resource.resource_pools: pools cannot be added or removed by an update; only replica counts change in place")
	}
	for i, in := range pools {
		cur := findPool(r.pb, in.Id)
		if cur == nil {
			return invalid("persistent_resource.resource_pools[%d]: no resource pool has ID %q; pools cannot be added by an update", i, in.Id)
		}
		want := proto.Clone(cur).(*aiplatformpb.ResourcePool)
		got := proto.Clone(in).(*aiplatformpb.ResourcePool)
		got.DiskSpec = effectiveDisk(got.DiskSpec, got.GetMachineSpec().GetMachineType())
		want.ReplicaCount, got.ReplicaCount = nil, nil
		want.UsedReplicaCount, got.UsedReplicaCount = 0, 0
		if !proto.Equal(want, got) {
			return invalid("persistent_resource.resource_pools[%d] (%s): only the replica count of a pool can change in place", i, in.Id)
		}
	}
	return nil
}

func findPool(r *aiplatformpb.PersistentResource, id string) *aiplatformpb.ResourcePool {
	for _, p := range r.ResourcePools {
		if p.Id == id {
			return p
		}
	}
	return nil
}

func (rs *resourceService) DeletePersistentResource(_ context.Context, req *aiplatformpb.DeletePersistentResourceRequest) (*longrunningpb.Operation, error) {
	s := rs.s
	now := s.begin()
	defer s.mu.Unlock()
	st := s.state
	r, err := st.findResource(req.GetName())
	if err != nil {
		return nil, err
	}
	if r.pb.State == aiplatformpb.PersistentResource_STOPPING {
		return nil, status.Errorf(codes.FailedPrecondition, "persistent resource %q is already being deleted", req.GetName())
	}
	// Jobs on the resource are cancelled before it goes.
	for _, j := range slices.Clone(st.active) {
		if j.resource == r {
			j.pb.Error = status.New(codes.Canceled, "CANCELED: the persistent resource was deleted").Proto()
			st.endJob(j, aiplatformpb.JobState_JOB_STATE_CANCELLED, now, s.life)
		}
	}
	r.pb.State = aiplatformpb.PersistentResource_STOPPING
	r.pb.UpdateTime = timestamppb.New(now)
	meta := &aiplatformpb.DeleteOperationMetadata{GenericMetadata: genericMetadata(now)}
	op := st.startOp(r.pb.Name, meta, now, s.life.Operation, func(time.Time) (proto.Message, error) {
		delete(st.resources, r.pb.Name)
		return &emptypb.Empty{}, nil
	})
	st.settle(now, s.life)
	return proto.Clone(op.pb).(*longrunningpb.Operation), nil
}

func (rs *resourceService) RebootPersistentResource(_ context.Context, req *aiplatformpb.RebootPersistentResourceRequest) (*longrunningpb.Operation, error) {
	s := rs.s
	now := s.begin()
	defer s.mu.Unlock()
	st := s.state
	r, err := st.findResource(req.GetName())
	if err != nil {
		return nil, err
	}
	if st := r.pb.State; st != aiplatformpb.PersistentResource_RUNNING && st != aiplatformpb.PersistentResource_ERROR {
		return nil, status.Errorf(codes.FailedPrecondition, "persistent resource %q is %s; only a RUNNING or ERROR one can be rebooted", req.GetName(), st)
	}
	r.pb.State = aiplatformpb.PersistentResource_REBOOTING
	r.pb.UpdateTime = timestamppb.New(now)
	meta := &aiplatformpb.RebootPersistentResourceOperationMetadata{GenericMetadata: genericMetadata(now), ProgressMessage: "Rebooting the resource pools"}
	op := st.startOp(r.pb.Name, meta, now, s.life.Operation, func(t time.Time) (proto.Message, error) {
		r.pb.State = aiplatformpb.PersistentResource_RUNNING
		r.pb.UpdateTime = timestamppb.New(t)
		st.admit(r, t)
		return r.view(), nil
	})
	st.settle(now, s.life)
	return proto.Clone(op.pb).(*longrunningpb.Operation), nil
}
