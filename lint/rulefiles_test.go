package lint

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestEveryRuleIsRegisteredInItsFile reads the package's source: every
// Rule value declared in it must be in the catalog (declared with
// register), and live alone in rule_<name>.go, named after the rule, so
// that a rule written but not registered fails here instead of passing
// build, vet and every other test unseen.
func TestEveryRuleIsRegisteredInItsFile(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	declared := map[string]string{} // rule name → the file it is declared in
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		var inFile []string
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok || !isRuleType(lit.Type) {
				return true
			}
			name, ok := ruleName(lit)
			if !ok {
				t.Errorf("%s: a Rule whose Name is not a string literal", fset.Position(lit.Pos()))
				return true
			}
			if first, dup := declared[name]; dup {
				t.Errorf("%s: rule %q is declared again (first in %s)", fset.Position(lit.Pos()), name, first)
			}
			declared[name] = path
			inFile = append(inFile, name)
			return true
		})
		if len(inFile) > 1 {
			t.Errorf("%s declares %d rules (%s): one file holds one rule", path, len(inFile), strings.Join(inFile, ", "))
		}
		for _, name := range inFile {
			if want := "rule_" + strings.ReplaceAll(name, "-", "_") + ".go"; path != want {
				t.Errorf("rule %q is declared in %s; it belongs in %s", name, path, want)
			}
		}
		if strings.HasPrefix(path, "rule_") && len(inFile) == 0 {
			t.Errorf("%s declares no rule: rule_*.go files are for rules, one each", path)
		}
	}
	registered := map[string]bool{}
	for _, r := range catalog {
		registered[r.Name] = true
		if declared[r.Name] == "" {
			t.Errorf("rule %q is in the catalog but not declared as a Rule literal in the package", r.Name)
		}
	}
	for name, path := range declared {
		if !registered[name] {
			t.Errorf("rule %q (%s) is not registered: declare it as var rule… = register(&Rule{…})", name, path)
		}
	}
}

// isRuleType says whether a composite literal's type is Rule.
func isRuleType(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "Rule"
}

// ruleName is the Name field of a Rule literal.
func ruleName(lit *ast.CompositeLit) (string, bool) {
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "Name" {
			if s, ok := kv.Value.(*ast.BasicLit); ok && s.Kind == token.STRING {
				name, err := strconv.Unquote(s.Value)
				return name, err == nil
			}
		}
	}
	return "", false
}
