package spec

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// depthEdges are inputs at and just past each bound checkDepth keeps,
// built each way the scan counts a level, a node or a document, and small
// enough for withinBounds to look at them.
func depthEdges() map[string]string {
	edges := map[string]string{}
	for _, d := range []int{MaxDepth - 2, MaxDepth - 1, MaxDepth, MaxDepth + 1} {
		n := strings.Repeat
		edges["flow "+strconv.Itoa(d)] = n("[", d) + n("]", d) + "\n"
		edges["flow after a key "+strconv.Itoa(d)] = "k: " + n("{a: ", d) + "1" + n("}", d) + "\n"
		edges["compact - "+strconv.Itoa(d)] = n("- ", d) + "x\n"
		edges["compact ? "+strconv.Itoa(d)] = n("? ", d) + "x\n"
		edges["compact -\\t "+strconv.Itoa(d)] = n("-\t", d) + "x\n"
		edges["indentation "+strconv.Itoa(d)] = indented(d)()
		edges["indentation then compact "+strconv.Itoa(d)] = indented(d/2)() + n(" ", d/2) + n("- ", d-d/2) + "x\n"
		edges["blocks then flow "+strconv.Itoa(d)] = indented(d/2)() + n(" ", d/2) + "k: " + n("[", d-d/2) + "\n"
	}
	for _, n := range []int{MaxDocuments - 1, MaxDocuments, MaxDocuments + 1} {
		edges["documents "+strconv.Itoa(n)] = strings.Repeat("---\n", n)
		edges["documents, no last break "+strconv.Itoa(n)] = strings.TrimSuffix(strings.Repeat("---\n", n), "\n")
	}
	for _, n := range []int{MaxNodes/4 - 1, MaxNodes / 4, MaxNodes/4 + 1} {
		edges["compact nodes "+strconv.Itoa(n)] = strings.Repeat("- x\n", n)
	}
	edges["nodes in flow"] = "[" + strings.Repeat("x,", MaxNodes/4) + "x]\n"
	return edges
}

// TestWithinBoundsOnlyWhenTheScanPasses checks the one promise of
// withinBounds, that what it lets by the scan would have let by too, on
// the inputs at the bounds, the hostile cases and the examples; and that
// it does let by the examples, which is what it is for.
func TestWithinBoundsOnlyWhenTheScanPasses(t *testing.T) {
	t.Parallel()
	inputs := depthEdges()
	for _, tc := range hostileCases {
		if src := tc.src(); len(src) <= 4*MaxDocuments {
			inputs["hostile "+tc.name] = src
		}
	}
	examples, _ := filepath.Glob("../examples/*/*.yaml")
	if len(examples) == 0 {
		t.Fatal("no examples found")
	}
	for _, name := range examples {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !withinBounds(src) {
			t.Errorf("%s: not within bounds; the scan runs on every job file", name)
		}
		inputs[name] = string(src)
	}
	refused := 0
	for name, src := range inputs {
		err := scanDepth([]byte(src))
		if err != nil {
			refused++
		}
		if withinBounds([]byte(src)) && err != nil {
			t.Errorf("%s: within bounds, but the scan reports %q at %v", name, err.Msg, err.Range.Start)
		}
	}
	if refused == 0 {
		t.Error("the scan refused none of the inputs: the edges are not at the bounds")
	}
}

// FuzzDepthBounds checks withinBounds' promise on any input.
func FuzzDepthBounds(f *testing.F) {
	for _, src := range depthEdges() {
		if len(src) < 1000 {
			f.Add([]byte(src))
		}
	}
	f.Add([]byte("a:\n  - b: [1, {c: d}]\n    ? e\n    : f\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if withinBounds(src) {
			if err := scanDepth(src); err != nil {
				t.Errorf("within bounds, but the scan reports %q at %v", err.Msg, err.Range.Start)
			}
		}
	})
}
