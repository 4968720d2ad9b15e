package lint

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

var update = flag.Bool("update", false, "rewrite the golden .out and .sarif files from what vxjob prints now")

var testTool = Tool{Name: "vxjob", Version: "0.0.0-test", URI: "https://github.com/vxjob/vxjob"}

// TestGolden lints each testdata/schema/NAME.yaml on its own and compares
// the text output with NAME.out and the SARIF output with NAME.sarif.
func TestGolden(t *testing.T) {
	t.Parallel()
	inputs, err := filepath.Glob("testdata/schema/*.yaml")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, input := range inputs {
		name := strings.TrimSuffix(input, ".yaml")
		t.Run(filepath.Base(name), func(t *testing.T) {
			res := mustRun(t, []string{input}, Options{Jobs: 1})
			var text, sarifOut bytes.Buffer
			if err := Write(&text, FormatText, res, OutputOptions{Tool: testTool}); err != nil {
				t.Fatal(err)
			}
			if err := Write(&sarifOut, FormatSARIF, res, OutputOptions{Tool: testTool}); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name+".out", text.Bytes())
			checkGolden(t, name+".sarif", sarifOut.Bytes())
			validateSARIF(t, sarifOut.Bytes())
		})
	}
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `go test ./lint -update` to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run `go test ./lint -update` and review the diff)\n--- got:\n%s\n--- want:\n%s", path, got, want)
	}
}

// validateSARIF checks a log against the SARIF 2.1.0 JSON Schema.
func validateSARIF(t *testing.T, data []byte) {
	t.Helper()
	report, err := sarif.FromBytes(data)
	if err != nil {
		t.Fatalf("SARIF does not parse: %v", err)
	}
	if err := report.Validate(); err != nil {
		t.Fatalf("SARIF is not valid against the 2.1.0 schema: %v", err)
	}
}
