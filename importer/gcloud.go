package importer

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/vxjob/vxjob/internal/suggest"
)

// gcloudCommand is one gcloud command line as gcloud parses it: the
// command path (ai custom-jobs create) and its flags in order.
type gcloudCommand struct {
	call  *syntax.CallExpr
	path  []string
	flags []cmdFlag
	extra []word            // words after the command path that are no flag
	env   map[string]string // VAR=value before the command
}

// start is the offset of the command in the script.
func (c *gcloudCommand) start() int { return int(c.call.Pos().Offset()) }

// cmdFlag is one --name or --name=value of a command line.
type cmdFlag struct {
	name     string
	at       int // offset of the flag in the script
	value    word
	hasValue bool
	negated  bool   // --no-NAME
	flagNext string // the word after a flag that needs a value, when that word is a flag
}

// values returns the flags named name, in order.
func (c *gcloudCommand) values(name string) []cmdFlag {
	var out []cmdFlag
	for _, f := range c.flags {
		if f.name == name {
			out = append(out, f)
		}
	}
	return out
}

// last is the flag named name that counts (the last given), or nil.
func (c *gcloudCommand) last(name string) *cmdFlag {
	for i := len(c.flags) - 1; i >= 0; i-- {
		if c.flags[i].name == name {
			return &c.flags[i]
		}
	}
	return nil
}

func (c *gcloudCommand) has(name string) bool {
	f := c.last(name)
	return f != nil && !f.negated
}

type flagKind int

const (
	valueFlag   flagKind = iota // --name=VALUE or --name VALUE
	boolFlag                    // --name, --no-name
	ignoredFlag                 // takes a value; does not change the request
	ignoredBool                 // takes none; does not change the request
	refusedFlag                 // cannot be translated; why says so
)

type flagSpec struct {
	kind    flagKind
	why     string // for refusedFlag
	noValue bool   // for refusedFlag: it takes none
}

func (f flagSpec) takesValue() bool {
	switch f.kind {
	case valueFlag, ignoredFlag:
		return true
	case refusedFlag:
		return !f.noValue
	}
	return false
}

// globalFlags are gcloud's own flags, on every command. Those that say how
// gcloud runs, not what it sends, are ignored; --project is the document's.
var globalFlags = map[string]flagSpec{
	"--project":                     {kind: valueFlag},
	"--account":                     {kind: ignoredFlag},
	"--billing-project":             {kind: ignoredFlag},
	"--configuration":               {kind: ignoredFlag},
	"--format":                      {kind: ignoredFlag},
	"--flatten":                     {kind: ignoredFlag},
	"--impersonate-service-account": {kind: ignoredFlag},
	"--access-token-file":           {kind: ignoredFlag},
	"--trace-token":                 {kind: ignoredFlag},
	"--verbosity":                   {kind: ignoredFlag},
	"--quiet":                       {kind: ignoredBool},
	"-q":                            {kind: ignoredBool},
	"--log-http":                    {kind: ignoredBool},
	"--user-output-enabled":         {kind: ignoredBool},
	"--flags-file":                  {kind: refusedFlag, why: "--flags-file reads more flags from a file, which this import does not follow; write them on the command line"},
	"--help":                        {kind: refusedFlag, noValue: true, why: "with --help gcloud prints help and creates nothing"},
	"-h":                            {kind: refusedFlag, noValue: true, why: "with -h gcloud prints help and creates nothing"},
}

// localRunFlags belong to gcloud ai custom-jobs local-run, which builds an
// image from local code; people write them on create by mistake.
var localRunFlags = []string{"--python-module", "--script", "--local-package-path", "--executor-image-uri",
	"--requirements", "--extra-packages", "--extra-dirs", "--output-image-uri", "--gpu", "--docker-run-options", "--service-account-key-file"}

// commands are the gcloud commands that are imported, with their flags:
// gcloud ai custom-jobs create and gcloud ai persistent-resources create
// (lib/googlecloudsdk/command_lib/ai/custom_jobs/flags.py and
// persistent_resources/flags.py).
var commands = map[string]map[string]flagSpec{
	"ai custom-jobs create": {
		"--display-name":            {kind: valueFlag},
		"--region":                  {kind: valueFlag},
		"--config":                  {kind: valueFlag},
		"--worker-pool-spec":        {kind: valueFlag},
		"--args":                    {kind: valueFlag},
		"--command":                 {kind: valueFlag},
		"--python-package-uris":     {kind: valueFlag},
		"--labels":                  {kind: valueFlag},
		"--network":                 {kind: valueFlag},
		"--service-account":         {kind: valueFlag},
		"--persistent-resource-id":  {kind: valueFlag},
		"--enable-web-access":       {kind: boolFlag},
		"--enable-dashboard-access": {kind: boolFlag},
		"--kms-key":                 {kind: valueFlag},
		"--kms-keyring":             {kind: valueFlag},
		"--kms-location":            {kind: valueFlag},
		"--kms-project":             {kind: valueFlag},
	},
	"ai persistent-resources create": {
		"--persistent-resource-id":        {kind: valueFlag},
		"--display-name":                  {kind: valueFlag},
		"--region":                        {kind: valueFlag},
		"--config":                        {kind: valueFlag},
		"--resource-pool-spec":            {kind: valueFlag},
		"--labels":                        {kind: valueFlag},
		"--network":                       {kind: valueFlag},
		"--enable-custom-service-account": {kind: boolFlag},
		"--kms-key":                       {kind: valueFlag},
		"--kms-keyring":                   {kind: valueFlag},
		"--kms-location":                  {kind: valueFlag},
		"--kms-project":                   {kind: valueFlag},
	},
}

func init() {
	for _, name := range localRunFlags {
		commands["ai custom-jobs create"][name] = flagSpec{kind: refusedFlag, noValue: name == "--gpu", why: fmt.Sprintf(
			"%s is a flag of gcloud ai custom-jobs local-run, not of create, which refuses it; "+
				"in create, the module goes in --worker-pool-spec (python-module=..., with executor-image-uri), and a local package "+
				"is built into an image that the job names with container-image-uri", name)}
	}
}

// command looks at one simple command of the script: a gcloud command to
// import, gcloud config set (defaults for what follows), or another
// command, which is noted as skipped.
func (s *shell) command(call *syntax.CallExpr) {
	first, _ := s.word(call.Args[0])
	start := s.at(int(call.Args[0].Pos().Offset()))
	switch first.text {
	case "unset":
		for _, a := range call.Args[1:] {
			w, _ := s.word(a)
			delete(s.vars, w.text)
		}
		return
	case "export", "declare", "local", "readonly":
		return // their assignments are DeclClauses
	}
	if filepath.Base(first.text) != "gcloud" {
		if s.quiet == 0 {
			s.imp.notef(start, "skipped %q: not a gcloud command", first.text)
		}
		return
	}
	words := make([]word, 0, len(call.Args)-1)
	var bads [][]badPart
	for _, a := range call.Args[1:] {
		w, bad := s.word(a)
		words = append(words, w)
		bads = append(bads, bad)
	}
	cmd := s.parseGcloud(call, words)
	key := strings.Join(cmd.path, " ")
	if flags := commands[key]; flags == nil {
		s.otherGcloud(start, cmd)
		return
	}
	// Only now are the words' unknowable parts a problem: in a skipped
	// command they do not matter.
	for _, bad := range bads {
		for _, b := range bad {
			s.imp.problemf(s.at(b.off), "%s cannot be known before the script runs; left out of the value", b.why)
		}
	}
	cmd.env = map[string]string{}
	for _, a := range call.Assigns {
		if a.Name != nil && a.Value != nil {
			w, _ := s.word(a.Value)
			cmd.env[a.Name.Value] = w.text
		}
	}
	s.imported++
	switch key {
	case "ai custom-jobs create":
		s.customJob(cmd)
	case "ai persistent-resources create":
		s.persistentResource(cmd)
	}
}

// releaseTracks may come between gcloud and the command group.
var releaseTracks = []string{"alpha", "beta", "preview"}

// parseGcloud splits a gcloud command line into its command path and its
// flags. Flags may come before, between and after the words of the path.
func (s *shell) parseGcloud(call *syntax.CallExpr, words []word) *gcloudCommand {
	cmd := &gcloudCommand{call: call}
	var known map[string]flagSpec
	specOf := func(name string) (flagSpec, bool) {
		if spec, ok := globalFlags[name]; ok {
			return spec, true
		}
		if known != nil {
			spec, ok := known[name]
			return spec, ok
		}
		// The command is not known yet: any command's flag will do to
		// know whether it takes a value.
		for _, flags := range commands {
			if spec, ok := flags[name]; ok {
				return spec, true
			}
		}
		return flagSpec{}, false
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		if !strings.HasPrefix(w.text, "-") || w.text == "-" {
			if len(cmd.path) == 0 && slices.Contains(releaseTracks, w.text) {
				continue
			}
			if known != nil {
				cmd.extra = append(cmd.extra, w)
				continue
			}
			cmd.path = append(cmd.path, w.text)
			known = commands[strings.Join(cmd.path, " ")]
			continue
		}
		if w.text == "--" {
			cmd.extra = append(cmd.extra, words[i+1:]...)
			break
		}
		name, _, hasValue := strings.Cut(w.text, "=")
		f := cmdFlag{name: name, at: w.off(0), hasValue: hasValue}
		if hasValue {
			f.value = w.slice(len(name)+1, len(w.text))
		}
		spec, ok := specOf(name)
		if !ok && strings.HasPrefix(name, "--no-") {
			if s, found := specOf("--" + strings.TrimPrefix(name, "--no-")); found && !s.takesValue() {
				spec, ok, f.negated, f.name = s, true, true, "--"+strings.TrimPrefix(name, "--no-")
			}
		}
		// As argparse does, a flag's value is the next word unless that
		// looks like a flag itself. Whether an unknown flag takes a value
		// is unknown; a next word that is no flag is most likely its value.
		if !hasValue && (!ok || spec.takesValue()) && i+1 < len(words) {
			if next := words[i+1].text; !strings.HasPrefix(next, "-") {
				i++
				f.value, f.hasValue = words[i], true
			} else {
				f.flagNext = next
			}
		}
		cmd.flags = append(cmd.flags, f)
	}
	return cmd
}

// otherGcloud handles a gcloud command that is not imported: gcloud config
// set project/ai/region sets what the commands after it default to; any
// other is noted as skipped.
func (s *shell) otherGcloud(start Pos, cmd *gcloudCommand) {
	if len(cmd.path) == 4 && cmd.path[0] == "config" && cmd.path[1] == "set" {
		switch cmd.path[2] {
		case "project", "core/project":
			s.project = cmd.path[3]
			return
		case "ai/region":
			s.region = cmd.path[3]
			return
		}
	}
	if s.quiet > 0 {
		return
	}
	s.imp.notef(start, "skipped \"gcloud %s\": only gcloud ai custom-jobs create and gcloud ai persistent-resources create are imported", strings.Join(cmd.path, " "))
}

// checkFlags reports the flags of cmd that the command does not take, or
// that cannot be translated, those missing their value, and arguments that
// are no flag (neither create command takes any).
func (s *shell) checkFlags(cmd *gcloudCommand, known map[string]flagSpec) {
	for _, w := range cmd.extra {
		s.imp.problemf(s.at(w.off(0)), "gcloud %s takes no argument %q; left out", strings.Join(cmd.path, " "), w.text)
	}
	for _, f := range cmd.flags {
		spec, ok := globalFlags[f.name]
		if !ok {
			spec, ok = known[f.name]
		}
		switch {
		case !ok:
			msg := fmt.Sprintf("gcloud %s has no flag %s; left out", strings.Join(cmd.path, " "), f.name)
			if sug := suggestFlag(f.name, known); sug != "" {
				msg += fmt.Sprintf("; did you mean %s?", sug)
			}
			s.imp.problemf(s.at(f.at), "%s", msg)
		case spec.kind == refusedFlag:
			s.imp.problemf(s.at(f.at), "%s", spec.why)
		case spec.takesValue() && !f.hasValue && f.flagNext != "":
			s.imp.problemf(s.at(f.at), "%s needs a value; gcloud reads %s as a flag of its own, not as the value: write %s=%s", f.name, f.flagNext, f.name, f.flagNext)
		case spec.takesValue() && !f.hasValue:
			s.imp.problemf(s.at(f.at), "%s needs a value", f.name)
		case !spec.takesValue() && f.hasValue:
			s.imp.problemf(s.at(f.at), "%s takes no value (gcloud refuses %s=...); write --%s or --no-%s",
				f.name, f.name, strings.TrimPrefix(f.name, "--"), strings.TrimPrefix(f.name, "--"))
		}
	}
}

// suggestFlag is the flag of known most likely meant by name, if any
// (internal/suggest). The dashes are left out of the comparison, so that
// they do not count towards how long, and so how far off, a name may be.
func suggestFlag(name string, known map[string]flagSpec) string {
	var names []string
	for k, spec := range known {
		if spec.kind != refusedFlag {
			names = append(names, strings.TrimPrefix(k, "--"))
		}
	}
	slices.Sort(names) // of two as near, the first in order, on every run
	if s := suggest.Nearest(strings.TrimPrefix(name, "--"), names); s != "" {
		return "--" + s
	}
	return ""
}
