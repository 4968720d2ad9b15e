package lint

import (
	"strings"
	"testing"
)

func TestDescribeChars(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]string{
		"Team":       `the uppercase letter "T"`,
		"NLP":        "uppercase letters",
		"a.b c":      `"." and " "`,
		"A.b/C":      `uppercase letters, "." and "/"`,
		"Team.x":     `the uppercase letter "T" and "."`,
		".,;:/!?@#$": `".", ",", ";", ":", "/" and 5 other characters`,
		"x!":         `"!"`,
	} {
		if got := describeChars(badLabelChars(s)); got != want {
			t.Errorf("describeChars(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestLabelChars(t *testing.T) {
	t.Parallel()
	for key, want := range map[string]bool{
		"team": true, "équipe": true, "研究室": true, "a1_-": true, "ß": true,
		"Team": false, "1team": false, "_team": false, "-team": false, "": false,
		"vxjob-x": false, "a.b": false, "k" + strings.Repeat("x", 63): true, "k" + strings.Repeat("x", 64): false,
	} {
		if got := validLabelKey(key); got != want {
			t.Errorf("validLabelKey(%q) = %v, want %v", key, got, want)
		}
	}
}
