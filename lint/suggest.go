package lint

import (
	"strings"

	"github.com/agnivade/levenshtein"
)

// suggest picks the candidate the user most likely meant by got, or ""
// when none is close. In order: the same name in another case or style
// (replica_count, ReplicaCount → replicaCount); the one candidate ending in
// got (T4 → NVIDIA_TESLA_T4); the nearest by edit distance, if near enough
// that it is probably a typo.
func suggest(got string, candidates []string) string {
	if got == "" || len(candidates) == 0 {
		return ""
	}
	norm := normalize(got)
	for _, c := range candidates {
		if normalize(c) == norm {
			return c
		}
	}
	var endsWith []string
	for _, c := range candidates {
		if strings.HasSuffix(normalize(c), norm) && len(norm) >= 2 {
			endsWith = append(endsWith, c)
		}
	}
	if len(endsWith) == 1 {
		return endsWith[0]
	}
	best, bestDist := "", maxTypoDistance(got)+1
	for _, c := range candidates {
		if d := levenshtein.ComputeDistance(strings.ToLower(got), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// normalize folds case and drops the separators of snake_case and
// kebab-case, so every spelling of one name compares equal.
func normalize(s string) string {
	return separators.Replace(strings.ToLower(s))
}

// separators is made once: a Replacer is costly to build, and safe to share.
var separators = strings.NewReplacer("_", "", "-", "")

// maxTypoDistance: one edit for short words, up to three for long ones.
func maxTypoDistance(s string) int {
	return min(3, max(1, len(s)/4))
}
