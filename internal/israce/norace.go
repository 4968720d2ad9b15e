//go:build !race

// Package israce says whether the binary runs with the race detector,
// which changes what memory a program uses (shadow memory, and sync.Pool
// keeping nothing): tests that bound memory do not hold then.
package israce

// Enabled says whether the race detector is on.
const Enabled = false
