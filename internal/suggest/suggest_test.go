package suggest

import "testing"

func TestNearest(t *testing.T) {
	commands := []string{"lint", "plan", "apply", "import", "snapshot", "pools", "explain", "rules", "version"}
	tests := []struct {
		got        string
		candidates []string
		want       string
	}{
		{"replica_count", []string{"replicaCount", "machineSpec"}, "replicaCount"}, // another style
		{"T4", []string{"NVIDIA_TESLA_T4", "NVIDIA_L4"}, "NVIDIA_TESLA_T4"},        // the one ending in it
		{"4", []string{"NVIDIA_TESLA_T4", "NVIDIA_L4"}, ""},                        // too short to end-match
		{"lnit", commands, "lint"},
		{"aply", commands, "apply"},
		{"snapshto", commands, "snapshot"},
		{"frobnicate", commands, ""}, // nothing near
		{"jbos", []string{"jobs", "json"}, "jobs"},
		{"", commands, ""},
		{"lint", nil, ""},
	}
	for _, tt := range tests {
		if got := Nearest(tt.got, tt.candidates); got != tt.want {
			t.Errorf("Nearest(%q, %q) = %q, want %q", tt.got, tt.candidates, got, tt.want)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"lint", "lint", 0},
		{"lnit", "lint", 1}, // a swap
		{"lint", "", 4},
		{"", "plan", 4},
		{"kitten", "sitting", 3},
		{"ca", "abc", 3}, // OSA does not edit a swapped pair again
		{"größe", "grösse", 2},
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := distance(tt.b, tt.a); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.want)
		}
	}
}
