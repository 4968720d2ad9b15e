// Package resname reads the names Vertex AI gives its resources
// (projects/P/locations/L/customJobs/ID) and their states, in the one
// form vxjob prints them.
package resname

import (
	"strings"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
)

// ID is the last segment of a resource name: the job's or persistent
// resource's ID, which gcloud takes.
func ID(name string) string { return name[strings.LastIndexByte(name, '/')+1:] }

// JobState is a job's state without its prefix: RUNNING.
func JobState(s aiplatformpb.JobState) string {
	return strings.TrimPrefix(s.String(), "JOB_STATE_")
}

// ResourceState is a persistent resource's state without its prefix,
// which only STATE_UNSPECIFIED has: RUNNING, UNSPECIFIED.
func ResourceState(s aiplatformpb.PersistentResource_State) string {
	return strings.TrimPrefix(s.String(), "STATE_")
}
