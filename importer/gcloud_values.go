package importer

import (
	"fmt"

	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"go.yaml.in/yaml/v3"

	"github.com/vxjob/vxjob/internal/suggest"
	"github.com/vxjob/vxjob/spec"
)

// What the two create commands share: dict flags (--worker-pool-spec,
// --resource-pool-spec, --labels), lists, integers, accelerators, KMS
// keys, --config files, and where the document is.

// dict is a --worker-pool-spec or --resource-pool-spec value: its
// entries by key, the last of a key winning as in gcloud's ArgDict.
type dict struct {
	flag    cmdFlag
	entries map[string]entry
}

func (d dict) has(key string) bool { _, ok := d.entries[key]; return ok }

func (d dict) text(key string) string { return d.entries[key].value.text }

func (d dict) empty() bool { return len(d.entries) == 0 }

// parseDict reads the KEY=VALUE entries of f, reporting those that are not
// KEY=VALUE or whose key is not one of keys.
func (s *shell) parseDict(f cmdFlag, keys []string) dict {
	d := dict{flag: f, entries: map[string]entry{}}
	for _, e := range splitDict(f.value) {
		switch {
		case !e.hasValue:
			s.imp.problemf(s.at(e.key.off(0)), "%q in %s is not KEY=VALUE; gcloud refuses it", e.key.text, f.name)
		case !slices.Contains(keys, e.key.text):
			msg := fmt.Sprintf("%s has no key %q; left out", f.name, e.key.text)
			if sug := suggest.Nearest(e.key.text, keys); sug != "" {
				msg += fmt.Sprintf("; did you mean %s?", sug)
			} else if hint := keyHints[f.name+" "+e.key.text]; hint != "" {
				msg += "; " + hint
			}
			s.imp.problemf(s.at(e.key.off(0)), "%s", msg)
		default:
			d.entries[e.key.text] = e
		}
	}
	return d
}

// keyHints say where what a user wrote as a key of a flag goes instead.
var keyHints = map[string]string{
	"--worker-pool-spec disk-type": "a job's boot disk (diskSpec) can only be given in --config",
	"--worker-pool-spec disk-size": "a job's boot disk (diskSpec) can only be given in --config",
	"--worker-pool-spec args":      "arguments go in --args, for every pool",
	"--worker-pool-spec command":   "the command goes in --command, for every pool",
}

// integer is the node of an integer value of d, or nil with a problem
// when it is none (gcloud's ArgDict refuses it). A ${VAR} placeholder is
// kept, for vxjob to resolve.
func (s *shell) integer(d dict, key string) *yaml.Node {
	e := d.entries[key]
	if _, err := strconv.ParseInt(e.value.text, 10, 64); err != nil && !strings.Contains(e.value.text, "${") {
		s.imp.problemf(s.at(e.value.off(0)), "%s=%q is not an integer; gcloud refuses it", key, e.value.text)
		return nil
	}
	return newInteger(e.value.text)
}

func setInteger(m *yaml.Node, key string, v *yaml.Node) {
	if v != nil {
		set(m, key, v)
	}
}

// machineSpec is the machineSpec of a pool flag, as gcloud makes it: the
// accelerator count defaults to 1 when a type is given.
func (s *shell) machineSpec(d dict, prefixes ...string) *yaml.Node {
	ms := newMapping()
	if d.has("machine-type") {
		set(ms, "machineType", newString(d.text("machine-type")))
	} else {
		s.imp.problemf(s.at(d.flag.at), "%s has no machine-type; gcloud requires one in every non-empty %s", d.flag.name, d.flag.name)
	}
	if d.has("accelerator-type") {
		t := d.entries["accelerator-type"].value
		if !strings.Contains(t.text, "${") && !validAccelerator(t.text, prefixes) {
			s.imp.problemf(s.at(t.off(0)), "accelerator-type %q is not one gcloud takes here (the AcceleratorType names that start with %s)", t.text, strings.Join(prefixes, " or "))
		}
		set(ms, "acceleratorType", newString(t.text))
		count := newInteger("1")
		if d.has("accelerator-count") {
			count = s.integer(d, "accelerator-count")
		}
		setInteger(ms, "acceleratorCount", count)
	} else if d.has("accelerator-count") {
		s.imp.problemf(s.at(d.entries["accelerator-count"].key.off(0)), "accelerator-count without accelerator-type; gcloud refuses it")
		setInteger(ms, "acceleratorCount", s.integer(d, "accelerator-count"))
	}
	return ms
}

func validAccelerator(name string, prefixes []string) bool {
	if _, ok := aiplatformpb.AcceleratorType_value[name]; !ok {
		return false
	}
	for _, p := range prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// list gathers the items of every flag named name: gcloud's list flags
// add up when repeated (arg_parsers.UpdateAction).
func (s *shell) list(cmd *gcloudCommand, name string) []string {
	var items []string
	for _, f := range cmd.values(name) {
		for _, w := range splitList(f.value, ",") {
			items = append(items, w.text)
		}
	}
	return items
}

// labels gathers --labels KEY=VALUE entries; repeated flags add up.
func (s *shell) labels(cmd *gcloudCommand) *yaml.Node {
	fs := cmd.values("--labels")
	if len(fs) == 0 {
		return nil
	}
	m := newMapping()
	for _, f := range fs {
		for _, e := range splitDict(f.value) {
			if !e.hasValue {
				s.imp.problemf(s.at(e.key.off(0)), "%q in --labels is not KEY=VALUE; gcloud refuses it", e.key.text)
				continue
			}
			set(m, e.key.text, newString(e.value.text))
		}
	}
	return m
}

// kmsKey is the key of --kms-key: a full resource name, or a key ID that
// --kms-keyring, --kms-location and --kms-project (else the project)
// complete, as gcloud's resource argument does.
func (s *shell) kmsKey(cmd *gcloudCommand, project string) *yaml.Node {
	key := cmd.last("--kms-key")
	if key == nil {
		for _, part := range []string{"--kms-keyring", "--kms-location", "--kms-project"} {
			if f := cmd.last(part); f != nil {
				s.imp.problemf(s.at(f.at), "%s only completes the key of --kms-key, which is missing; left out", part)
			}
		}
		return nil
	}
	if strings.HasPrefix(key.value.text, "projects/") {
		return newString(key.value.text)
	}
	ring, loc := cmd.last("--kms-keyring"), cmd.last("--kms-location")
	if p := cmd.last("--kms-project"); p != nil {
		project = p.value.text
	}
	if ring == nil || loc == nil || project == "" {
		s.imp.problemf(s.at(key.at), "--kms-key %q is a key ID; its full name needs --kms-keyring, --kms-location and a project; left out", key.value.text)
		return nil
	}
	return newString(fmt.Sprintf("projects/%s/locations/%s/keyRings/%s/cryptoKeys/%s", project, loc.value.text, ring.value.text, key.value.text))
}

// place sets the document's project and location as gcloud finds them:
// the flags, the CLOUDSDK_ variables, then gcloud config set earlier in
// the script. What none of them says stays for the import's options.
func (s *shell) place(d *document, cmd *gcloudCommand) {
	d.project = firstNonEmpty(flagText(cmd, "--project"), cmd.env["CLOUDSDK_CORE_PROJECT"], s.vars["CLOUDSDK_CORE_PROJECT"], s.project, d.project)
	d.location = firstNonEmpty(flagText(cmd, "--region"), cmd.env["CLOUDSDK_AI_REGION"], s.vars["CLOUDSDK_AI_REGION"], s.region, d.location)
}

func flagText(cmd *gcloudCommand, name string) string {
	if f := cmd.last(name); f != nil {
		return f.value.text
	}
	return ""
}

// config reads the --config file of a command: a body, as a file of its
// own would be imported, relative to the import's directory.
func (s *shell) config(f *cmdFlag, kind string) *document {
	path := f.value.text
	if strings.Contains(path, "${") {
		s.imp.problemf(s.at(f.value.off(0)), "the --config path %q depends on a variable; the file cannot be read", path)
		return nil
	}
	full := path
	if !filepath.IsAbs(path) && s.imp.opts.Dir != "" {
		full = filepath.Join(s.imp.opts.Dir, path)
	}
	src, err := spec.ReadLimited(full)
	if err != nil {
		s.imp.problemf(s.at(f.value.off(0)), "cannot read the --config file: %v", err)
		return nil
	}
	docs, err := decodeAll(full, src)
	if err != nil {
		s.imp.problemf(s.at(f.value.off(0)), "the --config file is not YAML: %v", err)
		return nil
	}
	if len(docs) != 1 {
		s.imp.problemf(s.at(f.value.off(0)), "the --config file %s holds %d documents; gcloud reads one", full, len(docs))
		return nil
	}
	d := s.imp.readBody(full, docs[0])
	if d != nil && d.kind != kind {
		s.imp.problemf(s.at(f.value.off(0)), "the --config file %s is a %s body, not a %s one", full, d.kind, kind)
		return nil
	}
	return d
}

// source says where a document imported from cmd came from.
func (s *shell) source(cmd *gcloudCommand) string {
	at := s.at(cmd.start())
	return fmt.Sprintf("%s:%d (gcloud %s)", at.File, at.Line, strings.Join(cmd.path, " "))
}
