package resname

import "testing"

// enum stands for the API's enums, whose String is the value's name.
type enum string

func (e enum) String() string { return string(e) }

func TestNames(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{ID("projects/p/locations/l/customJobs/123"), "123"},
		{ID("training-pr"), "training-pr"},
		{JobState(enum("JOB_STATE_PARTIALLY_SUCCEEDED")), "PARTIALLY_SUCCEEDED"},
		{ResourceState(enum("PROVISIONING")), "PROVISIONING"},
		{ResourceState(enum("STATE_UNSPECIFIED")), "UNSPECIFIED"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
