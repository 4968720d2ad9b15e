package lint

import "strings"

var ruleResourceNetwork = register(&Rule{
	ID:       "VX307",
	Name:     "resource-network",
	Title:    "The job's network or encryption key differs from its persistent resource's",
	Severity: Error,
	Tier:     TierPools,
	Doc: `"The network and CMEK configs on the job should be consistent with those on the
PersistentResource, otherwise, the job will be rejected." jobSpec.network must name the resource's
network (or both none), and spec.encryptionSpec.kmsKeyName the resource's key (or both none).
Networks are compared by name and by project; a project written as an ID on one side and as a
number on the other cannot be compared offline and is not reported.`,
	Sources: []Source{
		documented(refCustomJobSpec, "\"The network and CMEK configs on the job should be consistent with those on the PersistentResource, otherwise, the job will be rejected.\""),
		clientCode(gcloudJobsFlags, "gcloud's --persistent-resource-id help says the same."),
	},
	Bad: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  network: projects/123456789/global/networks/training-vpc
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 2
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
`,
	Good: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  network: projects/123456789/global/networks/training-vpc
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 2
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl}
spec:
  jobSpec:
    persistentResourceId: training-pr
    network: projects/123456789/global/networks/training-vpc
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
`,
	Run: runResourceNetwork,
})

func runResourceNetwork(p *Pass) {
	for _, j := range p.Pools.Jobs {
		r := j.Resource
		if r == nil {
			continue
		}
		if !sameNetwork(j.Network, r.Network) {
			d := p.ReportAtf(j.NetworkPlace, "network %s differs from persistent resource %q's %s", orNone(j.Network), r.ID, orNone(r.Network))
			d.Detail = "Vertex AI rejects a job whose network is not its persistent resource's."
			if r.Network != "" && j.Network != "" {
				d.Suggestion = r.Network // replaces the job's value, so only when there is one
			}
		}
		if j.KMSKey != r.KMSKey {
			d := p.ReportAtf(j.KMSPlace, "encryption key %s differs from persistent resource %q's %s", orNone(j.KMSKey), r.ID, orNone(r.KMSKey))
			d.Detail = "Vertex AI rejects a job whose customer-managed encryption key (spec.encryptionSpec.kmsKeyName) is not its persistent resource's."
			if r.KMSKey != "" && j.KMSKey != "" {
				d.Suggestion = r.KMSKey
			}
		}
	}
}

// sameNetwork compares projects/{project}/global/networks/{name} names. A
// project ID and a project number may be the same project, which only
// Google knows, so that pair is taken to agree.
func sameNetwork(a, b string) bool {
	if a == b {
		return true
	}
	if a == "" || b == "" {
		return false
	}
	pa, na := splitNetwork(a)
	pb, nb := splitNetwork(b)
	if na != nb {
		return false
	}
	return pa == pb || isNumber(pa) != isNumber(pb)
}

func splitNetwork(n string) (project, name string) {
	parts := strings.Split(n, "/")
	if len(parts) == 5 && parts[0] == "projects" && parts[2] == "global" && parts[3] == "networks" {
		return parts[1], parts[4]
	}
	return "", n
}

func isNumber(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
