// Package resname reads the names Vertex AI gives its resources
// (projects/P/locations/L/customJobs/ID) and their states, in the one
// form vxjob prints them.
package resname

import (
	"fmt"
	"strings"
)

// ID is the last segment of a resource name: the job's or persistent
// resource's ID, which gcloud takes.
func ID(name string) string { return name[strings.LastIndexByte(name, '/')+1:] }

// JobState is a job's state (an aiplatformpb.JobState) without its
// prefix: RUNNING. It takes the state as a Stringer so that this package,
// which every other uses, needs no API types.
func JobState(s fmt.Stringer) string {
	return strings.TrimPrefix(s.String(), "JOB_STATE_")
}

// ResourceState is a persistent resource's state (an
// aiplatformpb.PersistentResource_State) without its prefix,
// which only STATE_UNSPECIFIED has: RUNNING, UNSPECIFIED.
func ResourceState(s fmt.Stringer) string {
	return strings.TrimPrefix(s.String(), "STATE_")
}
