// Package corpus writes a large repository of vxjob files for benchmarks,
// made from the example files as a monorepo would have them: fifty teams,
// each with a persistent resource of its own (with room for all its jobs)
// and the rest jobs, each with its own name and labels, on its team's
// resource. The corpus lints clean with every rule on.
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

// Teams is how many teams (directories, and persistent resources) there are.
const Teams = 50

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
	resource, jobs := templates[0], templates[1:]
	// Room for every job of a team at once, so no pool is oversubscribed.
	resource = strings.ReplaceAll(resource, "    replicaCount: 4\n", "    replicaCount: 4\n    autoscalingSpec:\n      minReplicaCount: 1\n      maxReplicaCount: 1000\n")
	resource = strings.Replace(resource, "maxReplicaCount: 2", "maxReplicaCount: 1000", 1)
	for i := range n {
		team := fmt.Sprintf("team-%02d", i%Teams)
		src := jobs[i%len(jobs)]
		name := fmt.Sprintf("  name: ${1}-%d", i)
		if i < Teams {
			src, name = resource, "  name: ${1}-"+team
		}
		src = nameLine.ReplaceAllString(src, name)
		src = strings.Replace(src, "persistentResourceId: training-pr", "persistentResourceId: training-pr-"+team, 1)
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
