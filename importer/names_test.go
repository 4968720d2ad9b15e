package importer

import (
	"fmt"
	"strings"
	"testing"
)

// Many documents of one name get name, name-2, name-3, ... in a number of
// tries that grows with the documents, not with their square.
func TestNamesClaimIsLinear(t *testing.T) {
	t.Parallel()
	const n = 100_000
	ns := newNames()
	ns.claim("train-3") // taken before its turn: skipped once
	seen := map[string]bool{}
	for i := range n {
		got := ns.claim("train")
		if seen[got] {
			t.Fatalf("claim %d gave %s twice", i, got)
		}
		seen[got] = true
	}
	if !seen["train"] || !seen["train-2"] || !seen["train-4"] || seen["train-3"] {
		t.Errorf("names given: train %v, train-2 %v, train-3 %v (taken before), train-4 %v", seen["train"], seen["train-2"], seen["train-3"], seen["train-4"])
	}
	if ns.tries > n+1 {
		t.Errorf("%d claims of one name took %d tries, want at most %d", n, ns.tries, n+1)
	}
	t.Logf("%d claims of one name: %d tries", n, ns.tries)

	// A name cut to make room for its suffix stays at most 63 characters.
	long := strings.Repeat("a", 63)
	ns = newNames()
	for range 12 {
		if got := ns.claim(long); len(got) > 63 {
			t.Errorf("claim gave %s, longer than 63", got)
		}
	}
}

// Through Import: n jobs of one display name make n files, train.yaml to
// train-n.yaml. How many claims that takes, at any n, is
// TestNamesClaimIsLinear's; 200 documents show the wiring as 2,000 did,
// for a tenth of the import.
func TestImportManyDocumentsOfOneName(t *testing.T) {
	t.Parallel()
	const n = 200
	var b strings.Builder
	for range n {
		b.WriteString("---\ndisplayName: train\nworkerPoolSpecs:\n- machineSpec: {machineType: n1-standard-4}\n  replicaCount: 1\n  containerSpec: {imageUri: gcr.io/p/i}\n")
	}
	res, err := Import("many.yaml", []byte(b.String()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{}
	for _, f := range res.Files {
		files[f.Name] = true
	}
	last := fmt.Sprintf("train-%d.yaml", n)
	if len(files) != n || !files["train.yaml"] || !files[last] {
		t.Errorf("%d distinct files of %d; train.yaml %v, %s %v", len(files), n, files["train.yaml"], last, files[last])
	}
	if !strings.Contains(string(res.Files[1].Text), "name: train-2\n") {
		t.Errorf("the second job is not named train-2:\n%s", res.Files[1].Text)
	}
}

func BenchmarkNamesClaim(b *testing.B) {
	for range b.N {
		ns := newNames()
		for i := range 10_000 {
			ns.claim(fmt.Sprint("job-", i%10))
		}
	}
}
