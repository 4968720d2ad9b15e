package lint

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/vxjob/vxjob/spec"
	"go.yaml.in/yaml/v3"
)

// vxjobVar matches a vxjob variable, ${VAR} or ${VAR:-default}, and its
// escape $${VAR}, which stands for the literal text ${VAR}.
var vxjobVar = regexp.MustCompile(`\$?\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}`)

// replaceVars replaces each vxjob variable of s by repl and unescapes
// $${VAR}, and says whether s had a variable. Lint cannot know what a
// variable will hold, so rules judge only the text around it: no false
// findings on values lint cannot resolve (ARCHITECTURE.md §1).
func replaceVars(s, repl string) (string, bool) {
	if !strings.Contains(s, "${") {
		return s, false // the common case, without a regexp
	}
	had := false
	out := vxjobVar.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, "$$") {
			return m[1:]
		}
		had = true
		return repl
	})
	return out, had
}

// taskValues returns, for every worker pool of a CustomJob, the field
// containerField of its containerSpec and pythonField of its
// pythonPackageSpec ("" for none), where they are written. Each YAML node
// comes once: pools that share a spec or a list through an alias
// (containerSpec: *trainer) would otherwise draw every finding twice, at
// the same place.
func taskValues(p *Pass, containerField, pythonField string) []spec.Value {
	type key struct{ container, python string }
	return remember(p, key{containerField, pythonField}, func() []spec.Value {
		return readTaskValues(p, containerField, pythonField)
	})
}

func readTaskValues(p *Pass, containerField, pythonField string) []spec.Value {
	pools := workerPools(p)
	var out []spec.Value
	if len(pools) < 2 || !p.Doc.Aliased {
		// Nothing to share with, or no alias to share through.
		for _, pool := range pools {
			out = appendIfExists(out, pool.Get("containerSpec").Get(containerField))
			if pythonField != "" {
				out = appendIfExists(out, pool.Get("pythonPackageSpec").Get(pythonField))
			}
		}
		return out
	}
	specs := taskSpecNodes(p)
	seen := map[*yaml.Node]bool{}
	add := func(v spec.Value, under *yaml.Node, field string) {
		if !v.Exists() {
			return
		}
		if node := p.Doc.Field(under, field); node != nil {
			if seen[node] {
				return
			}
			seen[node] = true
		}
		out = append(out, v)
	}
	for i, pool := range pools {
		add(pool.Get("containerSpec").Get(containerField), specs[i].container, containerField)
		if pythonField != "" {
			add(pool.Get("pythonPackageSpec").Get(pythonField), specs[i].python, pythonField)
		}
	}
	return out
}

// appendIfExists appends v to out when it is written in the document.
func appendIfExists(out []spec.Value, v spec.Value) []spec.Value {
	if v.Exists() {
		out = append(out, v)
	}
	return out
}

// taskSpec is where a worker pool's containerSpec and pythonPackageSpec
// are written (nil for none), looked up once for all of taskValues' calls.
type taskSpec struct{ container, python *yaml.Node }

type taskSpecsKey struct{}

func taskSpecNodes(p *Pass) []taskSpec {
	return remember(p, taskSpecsKey{}, func() []taskSpec {
		pools := workerPools(p)
		specs := make([]taskSpec, len(pools))
		for i, pool := range pools {
			if _, node, ok := p.Doc.Lookup(pool.Path()); ok {
				specs[i] = taskSpec{p.Doc.Field(node, "containerSpec"), p.Doc.Field(node, "pythonPackageSpec")}
			}
		}
		return specs
	})
}

// quoteList writes items quoted, as in `"T", "." and " "`.
func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = strconv.Quote(s)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
