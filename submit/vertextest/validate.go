package vertextest

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vxjob/vxjob/spec"
)

// The checks here are the ones Vertex AI makes on create that vxjob relies
// on: required fields, the worker pool layout, labels, and the IDs that
// clients choose. Each failure is INVALID_ARGUMENT with a message that
// names the field, as the API's are.

// maxWorkerPools is the number of roles: chief, workers, parameter
// servers, evaluators.
const maxWorkerPools = 4

func invalid(format string, args ...any) error {
	return status.Errorf(codes.InvalidArgument, format, args...)
}

// validateJob checks a CustomJob as CreateCustomJob receives it.
func validateJob(j *aiplatformpb.CustomJob) error {
	if j == nil {
		return invalid("custom_job is required")
	}
	if j.DisplayName == "" {
		return invalid("custom_job.display_name is required")
	}
	if n := utf8.RuneCountInString(j.DisplayName); n > 128 {
		return invalid("custom_job.display_name is %d characters long; the limit is 128", n)
	}
	if err := validateLabels("custom_job.labels", j.Labels); err != nil {
		return err
	}
	spec := j.JobSpec
	if spec == nil {
		return invalid("custom_job.job_spec is required")
	}
	pools := spec.WorkerPoolSpecs
	if len(pools) == 0 {
		return invalid("custom_job.job_spec.worker_pool_specs needs at least one worker pool")
	}
	if len(pools) > maxWorkerPools {
		return invalid("custom_job.job_spec.worker_pool_specs has %d worker pools; at most %d are allowed", len(pools), maxWorkerPools)
	}
	for i, p := range pools {
		field := fmt.Sprintf("custom_job.job_spec.worker_pool_specs[%d]", i)
		if isEmptyPool(p) {
			if i == 0 {
				return invalid("%s is empty; the first worker pool (the primary replica) is required", field)
			}
			continue
		}
		if err := validateWorkerPool(field, p); err != nil {
			return err
		}
	}
	return nil
}

// isEmptyPool reports whether p is a {} placeholder for an unused role.
func isEmptyPool(p *aiplatformpb.WorkerPoolSpec) bool {
	return p == nil || (p.MachineSpec == nil && p.Task == nil && p.ReplicaCount == 0 && p.DiskSpec == nil && len(p.NfsMounts) == 0)
}

func validateWorkerPool(field string, p *aiplatformpb.WorkerPoolSpec) error {
	if p.GetMachineSpec().GetMachineType() == "" {
		return invalid("%s.machine_spec.machine_type is required", field)
	}
	m := p.MachineSpec
	if m.AcceleratorCount > 0 && m.AcceleratorType == aiplatformpb.AcceleratorType_ACCELERATOR_TYPE_UNSPECIFIED {
		return invalid("%s.machine_spec.accelerator_count is %d but no accelerator_type is set", field, m.AcceleratorCount)
	}
	if p.ReplicaCount < 1 {
		return invalid("%s.replica_count must be at least 1", field)
	}
	switch t := p.Task.(type) {
	case nil:
		return invalid("%s needs a container_spec or a python_package_spec", field)
	case *aiplatformpb.WorkerPoolSpec_ContainerSpec:
		if t.ContainerSpec.GetImageUri() == "" {
			return invalid("%s.container_spec.image_uri is required", field)
		}
	case *aiplatformpb.WorkerPoolSpec_PythonPackageSpec:
		pp := t.PythonPackageSpec
		switch {
		case pp.GetExecutorImageUri() == "":
			return invalid("%s.python_package_spec.executor_image_uri is required", field)
		case len(pp.GetPackageUris()) == 0:
			return invalid("%s.python_package_spec.package_uris needs at least one package", field)
		case len(pp.GetPackageUris()) > 100:
			return invalid("%s.python_package_spec.package_uris has %d packages; at most 100 are allowed", field, len(pp.PackageUris))
		case pp.GetPythonModule() == "":
			return invalid("%s.python_package_spec.python_module is required", field)
		}
	}
	return nil
}

// validateLabels checks labels as the CustomJob and PersistentResource
// references state them: at most 64; keys of 1 to 64 characters that
// start with a lowercase letter (or a letter without case); values of at
// most 64; lowercase letters, digits, '_' and '-' only.
func validateLabels(field string, labels map[string]string) error {
	if len(labels) > 64 {
		return invalid("%s has %d labels; at most 64 are allowed", field, len(labels))
	}
	for k, v := range labels {
		first, _ := utf8.DecodeRuneInString(k)
		switch {
		case k == "" || utf8.RuneCountInString(k) > 64:
			return invalid("%s: key %q must be 1 to 64 characters long", field, k)
		case !isLowerLetter(first):
			return invalid("%s: key %q must start with a lowercase letter", field, k)
		case !allLabelChars(k):
			return invalid("%s: key %q may hold only lowercase letters, digits, '_' and '-'", field, k)
		case utf8.RuneCountInString(v) > 64:
			return invalid("%s: the value of %q is longer than 64 characters", field, k)
		case !allLabelChars(v):
			return invalid("%s: the value of %q may hold only lowercase letters, digits, '_' and '-'", field, k)
		}
	}
	return nil
}

func isLowerLetter(r rune) bool {
	return unicode.IsLower(r) || (unicode.IsLetter(r) && !unicode.IsUpper(r) && !unicode.IsTitle(r))
}

func allLabelChars(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return !(isLowerLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-')
	}) < 0
}

// maxPoolReplicas is the largest autoscaling maximum gcloud allows.
const maxPoolReplicas = 1000

// validateResource checks a PersistentResource as
// CreatePersistentResource receives it.
func validateResource(id string, r *aiplatformpb.PersistentResource) error {
	if !spec.ResourceID.MatchString(id) {
		return invalid("persistent_resource_id %q must be 1 to 63 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen", id)
	}
	if r == nil {
		return invalid("persistent_resource is required")
	}
	if n := utf8.RuneCountInString(r.DisplayName); n > 128 {
		return invalid("persistent_resource.display_name is %d characters long; the limit is 128", n)
	}
	if err := validateLabels("persistent_resource.labels", r.Labels); err != nil {
		return err
	}
	if len(r.ResourcePools) == 0 {
		return invalid("persistent_resource.resource_pools needs at least one resource pool")
	}
	ids := map[string]bool{}
	for i, p := range r.ResourcePools {
		field := fmt.Sprintf("persistent_resource.resource_pools[%d]", i)
		if p.GetMachineSpec().GetMachineType() == "" {
			return invalid("%s.machine_spec.machine_type is required", field)
		}
		m := p.MachineSpec
		if (m.AcceleratorCount > 0) != (m.AcceleratorType != aiplatformpb.AcceleratorType_ACCELERATOR_TYPE_UNSPECIFIED) {
			return invalid("%s.machine_spec: accelerator_type and accelerator_count go together", field)
		}
		if err := validateReplicas(field, p); err != nil {
			return err
		}
		id := p.Id
		if id == "" {
			id = m.MachineType // the default, as below
		}
		if ids[id] {
			return invalid("%s: resource pool ID %q is used twice", field, id)
		}
		ids[id] = true
	}
	return nil
}

// validateReplicas checks a pool's replica count against its autoscaling
// range.
func validateReplicas(field string, p *aiplatformpb.ResourcePool) error {
	as := p.AutoscalingSpec
	if as == nil {
		if p.GetReplicaCount() < 1 {
			return invalid("%s.replica_count must be at least 1 when the pool does not autoscale", field)
		}
		return nil
	}
	lo, hi := as.GetMinReplicaCount(), as.GetMaxReplicaCount()
	switch {
	case lo < 1:
		return invalid("%s.autoscaling_spec.min_replica_count must be at least 1", field)
	case hi <= lo:
		return invalid("%s.autoscaling_spec.max_replica_count (%d) must be greater than min_replica_count (%d)", field, hi, lo)
	case hi > maxPoolReplicas:
		return invalid("%s.autoscaling_spec.max_replica_count is %d; the limit is %d", field, hi, maxPoolReplicas)
	case p.GetReplicaCount() != 0 && (p.GetReplicaCount() < lo || p.GetReplicaCount() > hi):
		return invalid("%s.replica_count %d is outside the autoscaling range %d to %d", field, p.GetReplicaCount(), lo, hi)
	}
	return nil
}
