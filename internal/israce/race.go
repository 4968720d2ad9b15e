//go:build race

package israce

// Enabled says whether the race detector is on.
const Enabled = true
