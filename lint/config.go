package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/vxjob/vxjob/schemas"
	"github.com/vxjob/vxjob/spec"
)

// ConfigNames are the file names of the configuration, in the order looked for.
var ConfigNames = []string{".vxjob.yaml", ".vxjob.yml"}

// IsConfigName reports whether path names a configuration file.
func IsConfigName(path string) bool { return slices.Contains(ConfigNames, filepath.Base(path)) }

// Config is the configuration file, .vxjob.yaml: defaults for project and
// location, pools files, rule settings and paths to skip. Its schema is
// schemas/config.json.
type Config struct {
	Path     string // "" when there is no file
	Dir      string // where relative paths in it start
	Defaults spec.Where
	Pools    []string // as written, joined to Dir
	Rules    map[*Rule]Severity
	Ignore   []string // glob patterns, relative to Dir
	// Strict checks every file as vxjob's (Options.Strict).
	Strict bool
	// Env names the environment variables that may give values to the
	// files' variables.
	Env []string
	// Transport is how vxjob talks to Vertex AI, grpc or rest ("" for
	// the default); --transport and VXJOB_TRANSPORT override it.
	Transport string
}

// FindConfig looks for a configuration file in dir and then its parents,
// stopping at the repository root (the first directory with .git). It
// returns "" when there is none.
func FindConfig(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		for _, name := range ConfigNames {
			p := filepath.Join(dir, name)
			if _, err := os.Stat(p); err == nil {
				return p, nil
			} else if !errors.Is(err, fs.ErrNotExist) {
				return "", err
			}
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return "", nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// LoadConfig reads a configuration file. When something is wrong with it,
// the Result says what, to print like findings; the caller then exits 2.
func LoadConfig(path string) (*Config, *Result) {
	f := spec.ReadFile(path, nil, "")
	if diags := checkConfigFile(f); len(diags) > 0 {
		slices.SortStableFunc(diags, compareDiagnostics)
		return nil, &Result{Diagnostics: diags, Files: 1, sources: map[string]*spec.File{f.Name: f}}
	}
	cfg := &Config{Path: path, Dir: filepath.Dir(path), Rules: map[*Rule]Severity{}}
	if len(f.Docs) == 0 {
		return cfg, nil
	}
	root := f.Docs[0].Root()
	cfg.Defaults = spec.Where{Project: root.Get("project").Str(), Location: root.Get("location").Str()}
	for _, p := range root.Get("pools").Items() {
		cfg.Pools = append(cfg.Pools, filepath.Join(cfg.Dir, p.Str()))
	}
	for _, name := range root.Get("rules").Keys() {
		r, _ := LookupRule(name)
		cfg.Rules[r] = settingOf(root.Get("rules").Get(name).Str())
	}
	cfg.Strict = root.Get("strict").Bool()
	cfg.Transport = root.Get("transport").Str()
	for _, p := range root.Get("ignore").Items() {
		cfg.Ignore = append(cfg.Ignore, p.Str())
	}
	for _, name := range root.Get("variables").Get("env").Items() {
		cfg.Env = append(cfg.Env, name.Str())
	}
	return cfg, nil
}

func settingOf(s string) Severity {
	if s == "off" {
		return Off
	}
	sev, _ := ParseSeverity(s)
	return sev
}

// checkConfigFile validates a configuration file: its schema, then what a
// schema cannot say (rule names, patterns, paths that exist).
func checkConfigFile(f *spec.File) []*Diagnostic {
	var diags []*Diagnostic
	for _, e := range f.Errors {
		if e.Kind == spec.EmptyDocument {
			continue // an empty configuration sets nothing, which is fine
		}
		diags = append(diags, inputDiagnostic(e))
	}
	if len(diags) > 0 || len(f.Docs) == 0 {
		return diags
	}
	if len(f.Docs) > 1 {
		d := f.Docs[1]
		return []*Diagnostic{configDiagnostic(d, nil, spec.At(d.Pos()), "the configuration is one YAML document; this is a second")}
	}
	doc := f.Docs[0]
	c := &schemaCheck{doc: doc}
	if !schemas.Accepts(schemas.ConfigName, doc.Value) {
		root, err := schemas.Compiled(schemas.ConfigName)
		if err != nil {
			panic(err) // embedded and tested
		}
		c.root = root
		var verr *jsonschema.ValidationError
		if err := root.Validate(doc.Value); errors.As(err, &verr) {
			for _, leaf := range leaves(verr, nil) {
				c.explain(leaf)
			}
		}
	}
	for _, d := range c.diags {
		d.Rule, d.Severity = ruleConfig, ruleConfig.Severity
	}
	if len(c.diags) > 0 {
		return c.diags
	}

	v := doc.Root()
	dir := filepath.Dir(f.Name)
	for _, name := range v.Get("rules").Keys() {
		at := v.Get("rules").Get(name)
		r, err := LookupRule(name)
		switch {
		case err != nil:
			d := configDiagnostic(doc, at.Path(), doc.KeyRange(at.Path()), fmt.Sprintf("unknown rule %q", name))
			if u, ok := errors.AsType[*UnknownRuleError](err); ok {
				d.Suggestion = u.Suggestion
			}
			d.Detail = "vxjob rules lists the rules, by ID and name."
			diags = append(diags, d)
		case r.Tier == TierInput:
			d := configDiagnostic(doc, at.Path(), doc.KeyRange(at.Path()), fmt.Sprintf("rule %s (%s) cannot be changed", r.ID, r.Name))
			d.Detail = "Input rules say that a file could not be read at all; nothing else is checked then."
			diags = append(diags, d)
		}
	}
	for _, p := range v.Get("ignore").Items() {
		if !doublestar.ValidatePattern(p.Str()) {
			diags = append(diags, configDiagnostic(doc, p.Path(), doc.ValueRange(p.Path()), fmt.Sprintf("invalid glob pattern %q", p.Str())))
		}
	}
	for _, p := range v.Get("pools").Items() {
		if _, err := os.Stat(filepath.Join(dir, p.Str())); err != nil {
			msg := "cannot read pools file " + p.Str()
			if errors.Is(err, fs.ErrNotExist) {
				msg = "no pools file or directory " + p.Str()
			}
			d := configDiagnostic(doc, p.Path(), doc.ValueRange(p.Path()), msg)
			d.Detail = "Paths in the configuration are relative to its directory, " + dir + "."
			diags = append(diags, d)
		}
	}
	return diags
}

func configDiagnostic(doc *spec.Document, path []string, r spec.Range, summary string) *Diagnostic {
	return &Diagnostic{Rule: ruleConfig, Severity: ruleConfig.Severity, File: doc.File.Name, Document: doc.Index, Range: r, Path: pointer(path), Summary: summary}
}

// Skips reports whether a path is one the configuration's ignore patterns
// match (relative to its directory).
func (c *Config) Skips(path string) bool {
	if c == nil || len(c.Ignore) == 0 || path == "-" {
		return false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	dir, err := filepath.Abs(c.Dir)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, pattern := range c.Ignore {
		if ok, _ := doublestar.Match(pattern, rel); ok {
			return true
		}
	}
	return false
}
