package resname

import (
	"testing"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
)

func TestNames(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{ID("projects/p/locations/l/customJobs/123"), "123"},
		{ID("training-pr"), "training-pr"},
		{JobState(aiplatformpb.JobState_JOB_STATE_PARTIALLY_SUCCEEDED), "PARTIALLY_SUCCEEDED"},
		{ResourceState(aiplatformpb.PersistentResource_PROVISIONING), "PROVISIONING"},
		{ResourceState(aiplatformpb.PersistentResource_STATE_UNSPECIFIED), "UNSPECIFIED"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
