package lint

import (
	"strconv"

	"github.com/vxjob/vxjob/spec"
)

// Bounds of an autoscaled resource pool: the proto comment of
// AutoscalingSpec (min > 0 for a persistent resource, 0 allowed with Ray
// on Vertex) and gcloud's help (at most 1000).
const (
	minAutoscaledReplicas    = 1
	minAutoscaledRayReplicas = 0
	maxAutoscaledReplicas    = 1000
)

var ruleResourcePoolReplicas = register(&Rule{
	ID:       "VX216",
	Name:     "resource-pool-replicas",
	Title:    "A resource pool needs a replica count, or autoscaling bounds that hold",
	Severity: Error,
	Tier:     TierSemantic,
	Doc: `A resource pool of a persistent resource holds either a fixed number of machines, replicaCount,
or a range that Vertex AI scales within, autoscalingSpec. So:
- without autoscalingSpec, replicaCount is required (and at least 1);
- with autoscalingSpec, both minReplicaCount and maxReplicaCount are required, and
  1 ≤ minReplicaCount < maxReplicaCount ≤ 1000. With Ray on Vertex (resourceRuntimeSpec.raySpec)
  minReplicaCount may be 0;
- a replicaCount written next to autoscalingSpec lies within the range:
  minReplicaCount ≤ replicaCount ≤ maxReplicaCount.`,
	Sources: []Source{
		documented(protoPersistentResource, "AutoscalingSpec: minReplicaCount \"must be ≤ replica_count and < max_replica_count or will throw error\", and \"must be > 0\" for a persistent resource (0 only on Ray); maxReplicaCount \"must be ≥ replica_count\"."),
		clientCode(gcloudPRValidation, "gcloud requires replica-count without autoscaling, and min-replica-count and max-replica-count together."),
		clientCode(gcloudPRFlags, "gcloud: max-replica-count \"The maximum value for this parameter is 1000\"."),
	},
	Bad: `apiVersion: vxjob/v1
kind: PersistentResource
metadata:
  name: training-pr
spec:
  resourcePools:
  - id: t4-pool
    machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
    replicaCount: 8
    autoscalingSpec: {minReplicaCount: 1, maxReplicaCount: 4}
`,
	Good: `apiVersion: vxjob/v1
kind: PersistentResource
metadata:
  name: training-pr
spec:
  resourcePools:
  - id: t4-pool
    machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
    replicaCount: 2
    autoscalingSpec: {minReplicaCount: 1, maxReplicaCount: 4}
`,
	Run: runResourcePoolReplicas,
})

func runResourcePoolReplicas(p *Pass) {
	pools := resourcePools(p)
	if len(pools) == 0 {
		return
	}
	floor := int64(minAutoscaledReplicas)
	if p.Spec().Get("resourceRuntimeSpec").Get("raySpec").Exists() {
		floor = minAutoscaledRayReplicas
	}
	for i, pool := range pools {
		if pool.Get("autoscalingSpec").Exists() {
			checkAutoscaling(p, pool, floor)
			continue
		}
		count := pool.Get("replicaCount")
		if !count.Exists() {
			d := p.Reportf(count, "resource pool %s has no replicaCount", resourcePoolName(pool, i))
			d.Detail = "Without autoscalingSpec a pool has a fixed number of machines, and replicaCount is required."
		} else if n, ok := count.Int(); ok && n < 1 {
			d := p.Reportf(count, "replicaCount is %d; a resource pool without autoscaling needs at least 1", n)
			d.Detail = "Remove the pool if it is not needed."
		}
	}
}

const (
	autoscalingBoundsDetail = "An autoscaled pool needs both minReplicaCount and maxReplicaCount: Vertex AI scales it between them."
	replicasInRangeDetail   = "With autoscalingSpec, replicaCount may be left out; when it is written, " +
		"it lies between minReplicaCount and maxReplicaCount."
)

// checkAutoscaling reports each bound of an autoscaled pool that does not
// hold, at the value that breaks it.
func checkAutoscaling(p *Pass, pool spec.Value, floor int64) {
	auto := pool.Get("autoscalingSpec")
	minV, maxV := auto.Get("minReplicaCount"), auto.Get("maxReplicaCount")
	switch {
	case !minV.Exists() && !maxV.Exists():
		d := p.Reportf(auto, "autoscalingSpec has no minReplicaCount and no maxReplicaCount")
		d.Detail = autoscalingBoundsDetail
		return
	case !minV.Exists():
		d := p.Reportf(auto, "autoscalingSpec has no minReplicaCount")
		d.Detail = autoscalingBoundsDetail
	case !maxV.Exists():
		d := p.Reportf(auto, "autoscalingSpec has no maxReplicaCount")
		d.Detail = autoscalingBoundsDetail
	}
	lo, loOK := minV.Int()
	hi, hiOK := maxV.Int()
	if loOK && lo < floor {
		d := p.Reportf(minV, "minReplicaCount is %d; it must be at least %d", lo, floor)
		d.Detail = "A persistent resource keeps at least one machine in every pool; only Ray on Vertex may scale a pool to 0."
		if floor == 0 {
			d.Detail = "Ray on Vertex may scale a pool down to 0 machines, but no lower."
		}
	}
	if hiOK && hi > maxAutoscaledReplicas {
		d := p.Reportf(maxV, "maxReplicaCount is %d; it may be at most %d", hi, maxAutoscaledReplicas)
		d.Detail = "gcloud documents 1000 as the largest maxReplicaCount of a resource pool."
	}
	if !loOK || !hiOK {
		return
	}
	if hi <= lo {
		d := p.Reportf(maxV, "maxReplicaCount is %d; it must be greater than minReplicaCount (%d)", hi, lo)
		d.Detail = "For a pool of a fixed size, drop autoscalingSpec and set replicaCount."
		return // no replicaCount fits an empty range; say it once
	}
	count := pool.Get("replicaCount")
	switch n, ok := count.Int(); {
	case !ok:
	case n < lo:
		d := p.Reportf(count, "replicaCount is %d; it must be at least minReplicaCount (%d)", n, lo)
		d.Detail = replicasInRangeDetail
	case n > hi:
		d := p.Reportf(count, "replicaCount is %d; it may be at most maxReplicaCount (%d)", n, hi)
		d.Detail = replicasInRangeDetail
	}
}

// resourcePools returns the pools of a PersistentResource document, and
// none for other kinds.
func resourcePools(p *Pass) []spec.Value {
	if p.Doc.Kind != "PersistentResource" {
		return nil
	}
	return p.Spec().Get("resourcePools").Items()
}

// resourcePoolName names a pool in a message: by its id, or by its index
// when the API is left to choose the id.
func resourcePoolName(pool spec.Value, i int) string {
	if id := pool.Get("id").Str(); id != "" {
		return strconv.Quote(id)
	}
	return "resourcePools[" + strconv.Itoa(i) + "]"
}
