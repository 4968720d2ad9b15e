package lint

import (
	"strings"

	"github.com/vxjob/vxjob/spec"
)

var rulePoolTask = register(&Rule{
	ID:       "VX203",
	Name:     "pool-task",
	Title:    "A worker pool must say what it runs, on which machine, and how many times",
	Severity: Error,
	Tier:     TierSemantic,
	Doc: `Every worker pool that is not an empty placeholder ({}) runs replicas, so it needs:
- a machineSpec with a machineType (the API's MachineSpec: machineType "as part of WorkerPoolSpec
  ... is required"; gcloud refuses a pool without one);
- its task, exactly one of containerSpec (your own image) or pythonPackageSpec (a Python package
  on a pre-built training image; gcloud refuses a --config pool with neither);
- a replicaCount of at least 1. The REST reference calls replicaCount optional and gives no
  default, and a proto3 integer cannot tell a missing one from 0, so such a pool asks for no
  replicas; what Vertex AI does with it is not documented. gcloud's --worker-pool-spec fills in
  replica-count=1, but a --config file and the Python SDK's CustomJob(worker_pool_specs=...) send
  what is written. A missing or zero replicaCount is therefore a warning; the rest are errors.
Leave a pool empty ({}) when its role (workers, parameter servers or evaluators) is not used.`,
	Sources: []Source{
		documented(refMachineSpec, "MachineSpec: machineType \"as part of WorkerPoolSpec ... is required\"."),
		documented(refWorkerPoolSpec, "WorkerPoolSpec: replicaCount is \"Optional\", with no default given."),
		clientCode(gcloudJobsValidation, "gcloud refuses a --worker-pool-spec without machine-type, and a --config pool without exactly one of pythonPackageSpec or containerSpec."),
		clientCode(gcloudJobsFlags, "gcloud's --worker-pool-spec defaults replica-count to 1; a --config file is sent as written."),
		clientCode(sdkJobs, "The Python SDK's CustomJob(worker_pool_specs=...) sends the pools as written; its from_local_script and training-job classes default replica_count to 1."),
		judgement("Without a replicaCount a pool asks for 0 replicas (proto3 has no unset integer), and what Vertex AI does with that is not documented, so that part is a warning."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: resnet
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/resnet:1.0}
    - replicaCount: 3
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/resnet:1.0}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: resnet
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/resnet:1.0}
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 3
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/resnet:1.0}
`,
	Run: runPoolTask,
})

func runPoolTask(p *Pass) {
	if p.Doc.Kind != "CustomJob" {
		return
	}
	pools := workerPools(p)
	for i, pool := range pools {
		if isEmptyPool(pool) {
			continue // a role the job does not use; chief-pool covers the first
		}
		// What the pool lacks as a whole is reported at the pool, once.
		var missing []poolPart
		machine := pool.Get("machineSpec")
		if !machine.Exists() {
			missing = append(missing, partMachine)
		} else if machine.Get("machineType").Str() == "" {
			d := p.Reportf(machine.Get("machineType"), "workerPoolSpecs[%d].machineSpec has no machineType", i)
			d.Detail = "The machine type (for example n1-standard-8) is required in every worker pool that runs replicas."
		}
		// The schema rejects both tasks at once; here only neither is left.
		if !pool.Get("containerSpec").Exists() && !pool.Get("pythonPackageSpec").Exists() {
			missing = append(missing, partTask)
		}
		count := pool.Get("replicaCount")
		if !count.Exists() {
			missing = append(missing, partReplicas)
		} else if n, ok := count.Int(); ok && n < 1 && (i > 0 || len(pools) == 1) {
			// (The chief of a job with several pools is chief-pool's: it must have 1.)
			d := p.Reportf(count, "workerPoolSpecs[%d] has %d replicas; a pool that runs a task needs at least 1", i, n)
			d.Detail = "What Vertex AI does with a pool of no replicas is not documented. Leave the pool empty ({}) instead if its role is not used."
			d.Severity = undocumentedReplicas
		}
		reportMissingParts(p, pool, i, missing)
	}
}

// poolPart is something a non-empty worker pool needs.
type poolPart struct {
	name, detail string
}

var (
	partMachine = poolPart{"machineSpec",
		"A pool that runs replicas needs a machineSpec with a machineType. Leave the pool empty ({}) if its role is not used."}
	partTask = poolPart{"task (containerSpec or pythonPackageSpec)",
		"Each pool runs exactly one of a container image (containerSpec) or a Python package on a pre-built image " +
			"(pythonPackageSpec). Leave the pool empty ({}) if its role is not used."}
	// A proto3 integer has no presence, so a missing replicaCount reaches
	// the API as 0.
	partReplicas = poolPart{"replicaCount",
		"The REST reference calls replicaCount optional and gives no default, and the API cannot tell a missing one from 0; " +
			"what Vertex AI does with a pool of no replicas is not documented. gcloud's --worker-pool-spec fills in replica-count=1, " +
			"but a --config file and the Python SDK's CustomJob(worker_pool_specs=...) send what is written. Write the number of replicas the pool runs."}
)

// undocumentedReplicas is the severity of a pool whose only fault is its
// replica count: no source shows Vertex AI refusing one of 0.
const undocumentedReplicas = Warning

func reportMissingParts(p *Pass, pool spec.Value, i int, missing []poolPart) {
	switch len(missing) {
	case 0:
		return
	case 1:
		d := p.Reportf(pool, "workerPoolSpecs[%d] has no %s", i, missing[0].name)
		d.Detail = missing[0].detail
		if missing[0] == partReplicas {
			d.Severity = undocumentedReplicas
		}
		return
	}
	names := make([]string, len(missing))
	for k, m := range missing {
		names[k] = "no " + m.name
	}
	last := len(names) - 1
	d := p.Reportf(pool, "workerPoolSpecs[%d] has %s and %s", i, strings.Join(names[:last], ", "), names[last])
	d.Detail = "A pool that runs replicas needs a machineSpec, a task (containerSpec or pythonPackageSpec) and a replicaCount. " +
		"Leave the pool empty ({}) if its role is not used."
}
