// Package suggest finds the name a user most likely meant: a field, an
// enum value, a rule, a command or a flag. lint and the command line share
// it, so every "did you mean" is chosen the same way.
package suggest

import "strings"

// Nearest picks the candidate the user most likely meant by got, or ""
// when none is close. In order: the same name in another case or style
// (replica_count, ReplicaCount → replicaCount); the one candidate ending in
// got (T4 → NVIDIA_TESLA_T4); the nearest by edit distance, if near enough
// that it is probably a typo (two letters swapped, lnit → lint, count as
// one edit).
func Nearest(got string, candidates []string) string {
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
		if d := distance(strings.ToLower(got), strings.ToLower(c)); d < bestDist {
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

// distance is the optimal string alignment distance between a and b, in
// runes: insertions, deletions, substitutions and swaps of two adjacent
// runes, one edit each.
func distance(a, b string) int {
	s, t := []rune(a), []rune(b)
	// Three rows of the table: two back (for swaps), one back, this one.
	rows := make([]int, 3*(len(t)+1))
	prev2, prev, cur := rows[:len(t)+1], rows[len(t)+1:2*(len(t)+1)], rows[2*(len(t)+1):]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(s); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(t)]
}
