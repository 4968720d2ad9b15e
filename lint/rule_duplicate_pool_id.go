package lint

import "fmt"

var ruleDuplicatePoolID = register(&Rule{
	ID:       "VX217",
	Name:     "duplicate-pool-id",
	Title:    "Two resource pools of one persistent resource have the same id",
	Severity: Error,
	Tier:     TierSemantic,
	Doc: `A resource pool's id is unique within its persistent resource: Vertex AI uses it to name the pool
(in the resource's status and in Ray's headNodeResourcePoolId, for example), and it cannot be
changed once the resource exists. Give each pool its own id, or leave id out and let the API
choose one.`,
	Sources: []Source{
		documented(protoPersistentResource, "ResourcePool id: \"Immutable. The unique ID in a PersistentResource for referring to this resource pool.\""),
	},
	Bad: `apiVersion: vxjob/v1
kind: PersistentResource
metadata:
  name: training-pr
spec:
  resourcePools:
  - id: gpu-pool
    machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
    replicaCount: 4
  - id: gpu-pool
    machineSpec: {machineType: a2-highgpu-1g, acceleratorType: NVIDIA_TESLA_A100, acceleratorCount: 1}
    replicaCount: 1
`,
	Good: `apiVersion: vxjob/v1
kind: PersistentResource
metadata:
  name: training-pr
spec:
  resourcePools:
  - id: t4-pool
    machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
    replicaCount: 4
  - id: a100-pool
    machineSpec: {machineType: a2-highgpu-1g, acceleratorType: NVIDIA_TESLA_A100, acceleratorCount: 1}
    replicaCount: 1
`,
	Run: runDuplicatePoolID,
})

func runDuplicatePoolID(p *Pass) {
	pools := resourcePools(p)
	if len(pools) < 2 {
		return
	}
	first := make(map[string]int, len(pools))
	for i, pool := range pools {
		id := pool.Get("id")
		if id.Str() == "" {
			continue // the API generates an id for this pool
		}
		j, seen := first[id.Str()]
		if !seen {
			first[id.Str()] = i
			continue
		}
		d := p.Reportf(id, "resource pool id %q is already used by resourcePools[%d]", id.Str(), j)
		line := p.Doc.ValueRange(pools[j].Get("id").Path()).Start.Line
		d.Detail = fmt.Sprintf("That pool's id is at line %d. Ids are unique within a persistent resource: "+
			"rename this pool, or leave its id out and let the API choose one.", line)
	}
}
