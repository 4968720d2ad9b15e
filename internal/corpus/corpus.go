// Package corpus writes a large repository of vxjob files for benchmarks:
// copies of the example files, each with its own name and labels, spread
// over team directories as a monorepo would have them.
package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Examples are the files the corpus is made of, relative to the module root.
var Examples = []string{
	"examples/persistent-resources/training-pr.yaml",
	"examples/jobs/bert-finetune.yaml",
	"examples/jobs/resnet-distributed.yaml",
}

var nameLine = regexp.MustCompile(`(?m)^  name: (.+)$`)

// Write creates n files under dir. root is the module root, where the
// examples are read from.
func Write(root, dir string, n int) error {
	var templates []string
	for _, e := range Examples {
		data, err := os.ReadFile(filepath.Join(root, e))
		if err != nil {
			return err
		}
		templates = append(templates, string(data))
	}
	for i := range n {
		team := fmt.Sprintf("team-%02d", i%50)
		src := templates[i%len(templates)]
		// A unique metadata.name, and a label so no two files are equal.
		src = nameLine.ReplaceAllString(src, fmt.Sprintf("  name: ${1}-%d", i))
		src = strings.Replace(src, "  labels:\n", fmt.Sprintf("  labels:\n    owner: %s\n", team), 1)
		path := filepath.Join(dir, team, fmt.Sprintf("doc-%05d.yaml", i))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			return err
		}
	}
	return nil
}
