package lint

var ruleResourcePoolMachine = register(&Rule{
	ID:       "VX219",
	Name:     "resource-pool-machine",
	Title:    "A resource pool needs a machine type",
	Severity: Error,
	Tier:     TierSemantic,
	Doc: `Each resource pool of a persistent resource is a group of machines of one machineSpec, which
the API requires, and a machineSpec says which machines by its machineType (gcloud refuses a
resource pool spec without machine-type). A pool without one could hold no job: worker pools are
matched to resource pools by their machine type first.`,
	Sources: []Source{
		documented(protoPersistentResource, "ResourcePool machineSpec: \"Required. Immutable. The specification of a single machine.\""),
		clientCode(gcloudPRValidation, "gcloud: \"Key [machine-type] required in dict arg but not provided.\" and \"Field [machineType] required in but not provided in config.\""),
	},
	Bad: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: t4-pool
    machineSpec: {acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
    replicaCount: 2
`,
	Good: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: t4-pool
    machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
    replicaCount: 2
`,
	Run: func(p *Pass) {
		for i, pool := range resourcePools(p) {
			if mt := pool.Get("machineSpec").Get("machineType"); mt.Str() == "" {
				d := p.Reportf(mt, "resource pool %s has no machine type", resourcePoolName(pool, i))
				d.Detail = "Set machineSpec.machineType, such as n1-standard-16; jobs are matched to resource pools by it."
			}
		}
	},
})
