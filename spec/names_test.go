package spec

import (
	"strings"
	"testing"
)

// TestIsResourceIDAgreesWithResourceID on the edges of the form, and on
// whatever the fuzzer finds.
func TestIsResourceIDAgreesWithResourceID(t *testing.T) {
	for _, s := range resourceIDSeeds() {
		if got, want := IsResourceID(s), ResourceID.MatchString(s); got != want {
			t.Errorf("IsResourceID(%q) = %v, ResourceID says %v", s, got, want)
		}
	}
}

func resourceIDSeeds() []string {
	return []string{
		"", "a", "z", "0", "-", "a-", "a-b", "ab", "a1", "1a", "A", "aB", "a_b", "a.b", "a b", "é", "aé",
		"training-pr", "training-pr-", "-training", "a--b", "a\n", "a\x00",
		strings.Repeat("a", 62), strings.Repeat("a", 63), strings.Repeat("a", 64), "a" + strings.Repeat("-", 61) + "b",
	}
}

func FuzzIsResourceID(f *testing.F) {
	for _, s := range resourceIDSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IsResourceID(s), ResourceID.MatchString(s); got != want {
			t.Errorf("IsResourceID(%q) = %v, ResourceID says %v", s, got, want)
		}
	})
}
