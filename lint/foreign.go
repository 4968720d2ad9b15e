package lint

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/vxjob/vxjob/schemas"
	"github.com/vxjob/vxjob/spec"
)

// Skipped is a file lint did not check, and why: it is not vxjob's.
type Skipped struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// The kinds vxjob reads: a document of one of them is vxjob's, whatever
// its apiVersion says, and VX101 says what to write.
var vxjobKinds = map[string]bool{schemas.KindCustomJob: true, schemas.KindPersistentResource: true}

// importKeys are the top-level fields of a job or resource body written
// for gcloud (--config) or the SDK: such a file is not vxjob's yet, but
// vxjob import makes one of it.
var importKeys = []string{"workerPoolSpecs", "worker_pool_specs", "jobSpec", "job_spec", "resourcePools", "resource_pools"}

// vxjobText finds, in the text of a file that did not parse, the lines
// that would make it vxjob's: an apiVersion of vxjob's, or one of its
// kinds.
var vxjobText = regexp.MustCompile(`(?m)^[ \t-]*(apiVersion:[ \t]*["']?vxjob/|kind:[ \t]*["']?(CustomJob|PersistentResource)\b)`)

// foreign says why f is not vxjob's to check, or "" when it is. A file is
// vxjob's when one of its documents has an apiVersion of vxjob's
// ("vxjob/v1") or a kind vxjob reads; a file that could not be parsed,
// when its text has such a line; a file that could not be read, or whose
// bytes are not UTF-8, always, for that may hide either. Other tools'
// YAML (Kubernetes manifests, conda environments, Hydra configs,
// workflows) is not: pre-commit hands lint every YAML file, and a linter
// that fails on files it was not written for fails on its first day.
func foreign(f *spec.File) string {
	for _, e := range f.Errors {
		if e.Kind == spec.ReadError || e.Kind == spec.EncodingError {
			return ""
		}
	}
	var other string // the first other apiVersion seen
	for _, doc := range f.Docs {
		m, ok := doc.Value.(map[string]any)
		if !ok {
			continue
		}
		api, _ := m["apiVersion"].(string)
		kind, _ := m["kind"].(string)
		if strings.HasPrefix(api, "vxjob/") || vxjobKinds[kind] {
			return ""
		}
		if other == "" && api != "" {
			other = api
		}
	}
	if len(f.Errors) > 0 && vxjobText.Match(f.Src) {
		return "" // what could be read does not say, but the text does
	}
	switch {
	case other != "":
		return fmt.Sprintf("apiVersion %s is another tool's", other)
	case len(f.Errors) > 0:
		return "it does not parse as YAML, and names no vxjob apiVersion"
	case len(f.Docs) == 0:
		return "it holds no documents"
	}
	return "no document has apiVersion " + schemas.APIVersion
}

// importable reports, for a foreign file, a document that looks like a
// job or resource body for gcloud or the SDK, which vxjob import turns
// into a vxjob file.
func importable(f *spec.File) *Diagnostic {
	for _, doc := range f.Docs {
		m, ok := doc.Value.(map[string]any)
		if !ok {
			continue
		}
		for _, k := range importKeys {
			if _, has := m[k]; !has {
				continue
			}
			path := []string{k}
			d := &Diagnostic{
				Rule: ruleImportCandidate, Severity: ruleImportCandidate.Severity,
				File: f.Name, Document: doc.Index, Range: doc.KeyRange(path), Path: pointer(path),
				Summary: fmt.Sprintf("%s at the top level: this looks like a gcloud --config file or an SDK body, not a vxjob document", k),
				Detail:  "Run `vxjob import " + f.Name + "` to write it as a vxjob CustomJob or PersistentResource; lint checks it then.",
			}
			return d
		}
	}
	return nil
}
