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
	var seen map[*yaml.Node]bool
	add := func(v spec.Value) {
		if !v.Exists() {
			return
		}
		if len(pools) < 2 || !p.Doc.Aliased {
			out = append(out, v) // nothing to share with, or no alias to share through
			return
		}
		if _, node, ok := p.Doc.Lookup(v.Path()); ok {
			if seen[node] {
				return
			}
			if seen == nil {
				seen = map[*yaml.Node]bool{}
			}
			seen[node] = true
		}
		out = append(out, v)
	}
	for _, pool := range pools {
		add(pool.Get("containerSpec").Get(containerField))
		if pythonField != "" {
			add(pool.Get("pythonPackageSpec").Get(pythonField))
		}
	}
	return out
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
