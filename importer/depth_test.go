package importer

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/vxjob/vxjob/spec"
)

// Deeply nested command substitutions are refused before mvdan.cc/sh
// parses them: it recurses once per level, and 100,000 levels took a
// gigabyte of stack and more crashed the process.
func TestImportRefusesDeepShellNesting(t *testing.T) {
	for _, n := range []int{10_000, 100_000} {
		for _, c := range []struct{ name, open, close string }{
			{"$(", "$(", ")"},
			{`"$(`, `"$(`, `)"`},
			{"${", "${x:-", "}"},
			{"$((", "$((", "))"},
			{"(", "(", ")"},
			{"{", "{ ", ";}"},
			{"[[", "[[ ", " ]]"},
		} {
			src := "gcloud ai custom-jobs create --region=us-central1 --display-name=" +
				strings.Repeat(c.open, n) + "x" + strings.Repeat(c.close, n) + "\n"
			var err error
			heap := peakHeapDuring(func() { _, err = Import("deep.sh", []byte(src), Options{}) })
			if err == nil || !strings.Contains(err.Error(), "nest more than 100 levels deep") {
				t.Fatalf("%d nested %s: err = %v, want a nesting error", n, c.name, err)
			}
			// The limit is passed at the 101st opening, on line 1.
			want := "deep.sh:1:"
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("%d nested %s: %v, want it at %s...", n, c.name, err, want)
			}
			if heap > 64<<20 {
				t.Errorf("%d nested %s: heap grew by %d MiB", n, c.name, heap>>20)
			}
			if n == 100_000 && c.name == "$(" {
				t.Logf("100,000 nested $(: %v; heap grew by %d KiB", err, heap>>10)
			}
		}
	}
}

// The column is where the limit is passed: after 100 levels.
func TestShellDepthColumn(t *testing.T) {
	t.Parallel()
	prefix := "gcloud ai custom-jobs create --display-name="
	src := prefix + strings.Repeat("$(", 200)
	_, err := Import("x.sh", []byte(src), Options{})
	want := "x.sh:1:" + strconv.Itoa(len(prefix)+2*100+1) + ": "
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v, want it to start %q", err, want)
	}
}

// What closes a level only in the parser's eyes (quoted text, comments,
// here-documents, case patterns) does not lower the count; and many
// constructs side by side are no nesting.
func TestShellDepthFollowsQuotesAndHeredocs(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("$(", 150)
	for _, c := range []struct {
		name, src string
		refused   bool
	}{
		{"side by side", strings.Repeat("echo $(date) ${A:-$(b)} `c` \"$(d)\" { e; } [[ -n x ]]\n", 2000), false},
		{"closers in single quotes", strings.Repeat("$(echo ')' ", 150), true},
		{"closers in double quotes", strings.Repeat(`$(echo ")" `, 150), true},
		{"closers in a comment", strings.Repeat("$( # )\n", 150), true},
		{"closers in $''", strings.Repeat(`$(echo $'\')' `, 150), true},
		{"case patterns", strings.Repeat("$(case x in a) ", 150), true},
		{"a } that is an argument", strings.Repeat("{ echo } ; ", 150), true},
		{"quote in a comment", "# don't\n" + deep, true},
		{"quote in a here-document", "cat <<EOF\ndon't\nEOF\n" + deep, true},
		{"substitutions in a here-document", "cat <<EOF\n" + deep + "\nEOF\n", true},
		{"a quoted here-document is text", "cat <<'EOF'\n" + deep + "\nEOF\n", false},
		{"heredoc with tabs", "cat <<-\"EOF\"\n\t" + deep + "\n\tEOF\necho ok\n", false},
		{"shift in arithmetic is no here-document", "echo $(( 1 << 2 ))\n" + deep, true},
		{"a single-quoted deep text", "echo '" + deep + "'\n", false},
	} {
		got := shellDepth([]byte(c.src)) >= 0
		if got != c.refused {
			t.Errorf("%s: refused = %v, want %v", c.name, got, c.refused)
		}
	}
}

// The scripts and files of the corpus pass the scans.
func TestDepthScansPassTheCorpus(t *testing.T) {
	t.Parallel()
	paths, _ := filepath.Glob("testdata/corpus/*")
	configs, _ := filepath.Glob("testdata/corpus/*/*")
	for _, p := range append(paths, configs...) {
		if filepath.Ext(p) == ".out" {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			continue // a directory of --config files
		}
		if off := shellDepth(src); looksLikeShell(p, src) && off >= 0 {
			t.Errorf("%s: shell scan refuses it at byte %d", p, off)
		}
		if e := spec.CheckDepth(src); !looksLikeShell(p, src) && e != nil {
			t.Errorf("%s: the YAML scan refuses it: %s", p, e.Msg)
		}
	}
}

// A --config file or body nested past the limit is refused before
// go.yaml.in/yaml/v3 reads it, in flow and block style.
func TestImportRefusesDeepYAML(t *testing.T) {
	block := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat(" ", i) + "- \n")
		}
		return b.String()
	}
	for _, c := range []struct{ name, src string }{
		{"flow [", "workerPoolSpecs: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n"},
		{"flow {", strings.Repeat(`{"a":`, 100_000) + "1" + strings.Repeat("}", 100_000)},
		{"block", block(150)},
		{"compact", strings.Repeat("- ", 150) + "x\n"},
	} {
		var err error
		heap := peakHeapDuring(func() { _, err = Import("deep.yaml", []byte(c.src), Options{}) })
		if err == nil || !strings.Contains(err.Error(), "lists and mappings nest more than 100 levels deep") || !strings.HasPrefix(err.Error(), "deep.yaml:") {
			t.Errorf("%s: err = %v, want a nesting error", c.name, err)
		}
		if heap > 64<<20 {
			t.Errorf("%s: heap grew by %d MiB", c.name, heap>>20)
		}
	}
	// Brackets in quotes, comments and plain text are no nesting.
	ok := "a: \"" + strings.Repeat("[", 200) + "\"\nb: '" + strings.Repeat("{", 200) + "'\n# " + strings.Repeat("[", 200) + "\nc: x" + strings.Repeat("[", 200) + "\n"
	if e := spec.CheckDepth([]byte(ok)); e != nil {
		t.Errorf("brackets in scalars and comments refused: %s at %v", e.Msg, e.Range.Start)
	}
}

// peakHeapDuring runs f and returns how far the heap grew above where it
// was, sampled while f runs and once after.
func peakHeapDuring(f func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	done := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var max uint64
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > max {
				max = ms.HeapAlloc
			}
			select {
			case <-done:
				peak <- max
				return
			default:
				runtime.Gosched()
			}
		}
	}()
	f()
	close(done)
	max := <-peak
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if after.HeapAlloc > max {
		max = after.HeapAlloc
	}
	if max < base {
		return 0
	}
	return max - base
}
