package lint

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/vxjob/vxjob/spec"
)

// maxPackageURIs is the API's limit on pythonPackageSpec.packageUris.
const maxPackageURIs = 100

// The patterns below are compiled on first use: their long repetitions and
// Unicode classes take a while to compile, which every vxjob command would
// otherwise pay at start-up.
var (
	// gcsURIRE is a Cloud Storage object: gs://bucket/object, with a bucket
	// name as Cloud Storage allows it (3 to 222 characters of lowercase
	// letters, digits, dots, dashes and underscores).
	gcsURIRE = lazyRegexp(`^gs://([a-z0-9][a-z0-9._-]{1,220}[a-z0-9])/(.+)$`)
	// gcsHTTPSRE is the same object by its HTTPS address, which Vertex AI
	// does not take; it gives the gs:// URI to suggest.
	gcsHTTPSRE = lazyRegexp(`^https://storage\.(?:googleapis|cloud\.google)\.com/([a-z0-9][a-z0-9._-]{1,220}[a-z0-9])/([^?#%]+)$`)
	// pythonModuleRE is a dotted module path, as python -m takes it.
	pythonModuleRE = lazyRegexp(`^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$`)
)

// lazyRegexp returns a function that compiles expr the first time it is called.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

var rulePythonPackage = register(&Rule{
	ID:       "VX204",
	Name:     "python-package",
	Title:    "A Python package task needs Cloud Storage package URIs and a module name",
	Severity: Error,
	Tier:     TierSemantic,
	Doc: `pythonPackageSpec runs your code on a pre-built training image: Vertex AI installs the packages of
packageUris, then runs pythonModule with python -m. So:
- packageUris lists at most 100 packages, each a file in Cloud Storage, gs://bucket/object (not a
  local path, an HTTPS address or a folder). Upload a built package with gcloud storage cp.
- pythonModule is the module's import name, dotted identifiers such as trainer.task, not the path
  of its file (trainer/task.py).`,
	Sources: []Source{
		documented(refPythonPackageSpec, "packageUris: \"Required. The Google Cloud Storage location of the Python package files ... The maximum number of package URIs is 100.\""),
		documented(refPythonPackageSpec, "pythonModule: \"Required. The Python module name to run after installing the packages.\""),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: census
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      pythonPackageSpec:
        executorImageUri: us-docker.pkg.dev/vertex-ai/training/sklearn-cpu.1-0:latest
        packageUris: [dist/trainer-0.1.tar.gz]
        pythonModule: trainer/task.py
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: census
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      pythonPackageSpec:
        executorImageUri: us-docker.pkg.dev/vertex-ai/training/sklearn-cpu.1-0:latest
        packageUris: [gs://my-bucket/census/trainer-0.1.tar.gz]
        pythonModule: trainer.task
`,
	Run: runPythonPackage,
})

func runPythonPackage(p *Pass) {
	if p.Doc.Kind != "CustomJob" {
		return
	}
	for _, pool := range workerPools(p) {
		pkg := pool.Get("pythonPackageSpec")
		if !pkg.Exists() {
			continue
		}
		uris := pkg.Get("packageUris")
		if n := uris.Len(); n > maxPackageURIs {
			d := p.Reportf(uris, "packageUris lists %d packages; at most %d are allowed", n, maxPackageURIs)
			d.Detail = "Merge packages, or install the dependencies in a custom image (containerSpec)."
		}
		for _, uri := range uris.Items() {
			checkPackageURI(p, uri)
		}
		checkPythonModule(p, pkg.Get("pythonModule"))
	}
}

func checkPackageURI(p *Pass, uri spec.Value) {
	s := uri.Str()
	if m := gcsURIRE().FindStringSubmatch(s); m != nil {
		if strings.HasSuffix(m[2], "/") {
			d := p.Reportf(uri, "package URI names a folder, not a package file")
			d.Detail = "Give the package file itself, such as gs://my-bucket/trainer-0.1.tar.gz."
		}
		return
	}
	if s == "" {
		d := p.Reportf(uri, "package URI is empty")
		d.Detail = "Give the Cloud Storage URI of a package file, such as gs://my-bucket/trainer-0.1.tar.gz."
		return
	}
	d := p.Reportf(uri, "package URI is not a Cloud Storage URI (gs://bucket/object)")
	switch m := gcsHTTPSRE().FindStringSubmatch(s); {
	case m != nil:
		d.Detail = "Vertex AI reads packages through gs:// URIs, not HTTPS addresses."
		d.Suggestion = yamlPlain("gs://" + m[1] + "/" + m[2])
	case strings.HasPrefix(s, "gs://"):
		if strings.Contains(strings.TrimPrefix(s, "gs://"), "/") {
			d.Detail = "The bucket name is not valid: Cloud Storage bucket names have 3 to 222 lowercase letters, " +
				"digits, dots, dashes and underscores, and start and end with a letter or digit."
		} else {
			d.Detail = "It names a bucket; give the package file in it, such as gs://my-bucket/trainer-0.1.tar.gz."
		}
	case strings.HasPrefix(s, "gs:"):
		d.Detail = "A Cloud Storage URI begins with gs:// and the bucket name."
		if fixed := "gs://" + strings.TrimLeft(strings.TrimPrefix(s, "gs:"), "/"); gcsURIRE().MatchString(fixed) {
			d.Suggestion = yamlPlain(fixed)
		}
	default:
		d.Detail = "Vertex AI installs packages from Cloud Storage only. Build the package " +
			"(python -m build) and copy it to a bucket with gcloud storage cp."
	}
}

func checkPythonModule(p *Pass, module spec.Value) {
	s := module.Str()
	// trainer.task.py is a valid name, of a module py, but it is always
	// the file trainer/task.py meant.
	if pythonModuleRE().MatchString(s) && !strings.HasSuffix(s, ".py") {
		return
	}
	d := p.Reportf(module, "pythonModule is not a Python module name (dotted identifiers such as trainer.task)")
	d.Detail = "Vertex AI runs it with python -m, so give the module's import name, not the path of its file."
	d.Suggestion = moduleName(s)
	if d.Suggestion == "" && strings.Contains(s, "-") {
		d.Detail += " Module names cannot contain dashes; rename the file or folder with underscores."
	}
}

// moduleName turns what people write instead of a module name (a file
// path, a python -m command) into the module name, or "" when it cannot.
func moduleName(s string) string {
	t := strings.TrimSpace(s)
	if f := strings.Fields(t); len(f) >= 2 && f[len(f)-2] == "-m" {
		t = f[len(f)-1] // python -m trainer.task
	}
	t = strings.ReplaceAll(t, `\`, "/")
	t = strings.TrimPrefix(t, "./")
	t = strings.TrimSuffix(t, ".py")
	t = strings.ReplaceAll(strings.Trim(t, "/"), "/", ".")
	if t == s || !pythonModuleRE().MatchString(t) {
		return ""
	}
	return t
}

// yamlPlain returns s as a YAML scalar: plain when that reads back as s,
// else double-quoted.
func yamlPlain(s string) string {
	if strings.ContainsAny(s, "\t\"'") || strings.Contains(s, ": ") || strings.Contains(s, " #") ||
		strings.TrimSpace(s) != s {
		return strconv.Quote(s)
	}
	return s
}
