package importer

import (
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Extras are the keys of an input that are not fields of the REST body but
// say something vxjob can write down: the keyword arguments of the SDK's
// CustomJob(...), CustomJob.run(...) and PersistentResource.create(...),
// the parent of a REST create request, the name in a describe output.

// extraFunc translates one extra key k with value v; body is the REST body
// the document is made of, spec its jobSpec (for jobs).
type extraFunc func(r *bodyReader, d *document, k, v, body, spec *yaml.Node)

type extra struct {
	k, v *yaml.Node
	f    extraFunc
}

func (e extra) apply(r *bodyReader, d *document, body, spec *yaml.Node) {
	e.f(r, d, e.k, e.v, body, spec)
}

// placeExtras say where the document is, in either kind of body.
var placeExtras = map[string]extraFunc{
	"project":  setProject,
	"location": setLocation,
	"parent":   setParent,
	"name":     setFromName,
}

var jobExtras = map[string]extraFunc{
	// CustomJob(base_output_dir=...)
	"baseoutputdir": func(_ *bodyReader, _ *document, _, v, _, spec *yaml.Node) {
		setPath(spec, v, "baseOutputDirectory", "outputUriPrefix")
	},
	// CustomJob(encryption_spec_key_name=...)
	"encryptionspeckeyname": func(_ *bodyReader, _ *document, _, v, body, _ *yaml.Node) {
		setPath(body, v, "encryptionSpec", "kmsKeyName")
	},
	// CustomJob.run(timeout=...), in seconds.
	"timeout": func(_ *bodyReader, _ *document, _, v, _, spec *yaml.Node) {
		setPath(spec, seconds(v), "scheduling", "timeout")
	},
	// CustomJob.run(restart_job_on_worker_restart=...)
	"restartjobonworkerrestart": func(_ *bodyReader, _ *document, _, v, _, spec *yaml.Node) {
		setPath(spec, v, "scheduling", "restartJobOnWorkerRestart")
	},
	"stagingbucket": func(r *bodyReader, _ *document, k, _, _, _ *yaml.Node) {
		r.imp.problemf(r.pos(k), "%s is where the SDK puts a new output folder for each run when base_output_dir is not given; vxjob does not: set jobSpec.baseOutputDirectory.outputUriPrefix", k.Value)
	},
	"sync":                 clientSide,
	"createrequesttimeout": clientSide,
	"disableretries":       clientSide,
}

var resourceExtras = map[string]extraFunc{
	// PersistentResource.create(persistent_resource_id=...)
	"persistentresourceid": func(r *bodyReader, d *document, k, v, _, _ *yaml.Node) {
		r.setID(d, k, v.Value)
	},
	// PersistentResource.create(kms_key_name=...)
	"kmskeyname": func(_ *bodyReader, _ *document, _, v, body, _ *yaml.Node) {
		setPath(body, v, "encryptionSpec", "kmsKeyName")
	},
	// PersistentResource.create(enable_custom_service_account=...,
	// service_account=...)
	"enablecustomserviceaccount": func(_ *bodyReader, _ *document, _, v, body, _ *yaml.Node) {
		setPath(body, v, "resourceRuntimeSpec", "serviceAccountSpec", "enableCustomServiceAccount")
	},
	"serviceaccount": func(_ *bodyReader, _ *document, _, v, body, _ *yaml.Node) {
		setPath(body, v, "resourceRuntimeSpec", "serviceAccountSpec", "serviceAccount")
	},
	"sync":                 clientSide,
	"createrequesttimeout": clientSide,
}

// takeExtras removes the extra keys of table, and those of placeExtras,
// from mapping m.
func (r *bodyReader) takeExtras(m *yaml.Node, d *document, table map[string]extraFunc) []extra {
	var extras []extra
	var rest []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		f := table[normalKey(k.Value)]
		if f == nil {
			f = placeExtras[normalKey(k.Value)]
		}
		if f != nil {
			extras = append(extras, extra{k, v, f})
			continue
		}
		rest = append(rest, k, v)
	}
	m.Content = rest
	return extras
}

func setProject(_ *bodyReader, d *document, _, v, _, _ *yaml.Node) { d.project = v.Value }

func setLocation(_ *bodyReader, d *document, _, v, _, _ *yaml.Node) { d.location = v.Value }

var (
	parentRE       = regexp.MustCompile(`^projects/([^/]+)/locations/([^/]+)$`)
	resourceNameRE = regexp.MustCompile(`^projects/([^/]+)/locations/([^/]+)/(customJobs|persistentResources)/([^/]+)$`)
)

// setParent reads a REST create request's parent.
func setParent(r *bodyReader, d *document, k, v, _, _ *yaml.Node) {
	m := parentRE.FindStringSubmatch(v.Value)
	if m == nil {
		r.imp.problemf(r.pos(v), "parent %q is not projects/PROJECT/locations/LOCATION; left out", v.Value)
		return
	}
	d.project, d.location = m[1], m[2]
}

// setFromName reads the resource name of a describe output: a persistent
// resource's ID, and either's project and location.
func setFromName(r *bodyReader, d *document, k, v, _, _ *yaml.Node) {
	m := resourceNameRE.FindStringSubmatch(v.Value)
	if m == nil {
		r.imp.problemf(r.pos(k), "name %q is not the resource name of a custom job or persistent resource; left out", v.Value)
		return
	}
	d.project, d.location = m[1], m[2]
	if d.kind == kindResource {
		r.setID(d, k, m[4])
		return
	}
	r.imp.notef(r.pos(k), "name is set by Vertex AI, not by a request; left out, but for its project and location")
}

func (r *bodyReader) setID(d *document, at *yaml.Node, id string) {
	if !nameRE.MatchString(id) {
		r.imp.problemf(r.pos(at), "persistent resource ID %q is not one (lowercase letters, digits and '-', starting with a letter, at most 63); the name is made from the display name instead", id)
		return
	}
	d.id = id
}

func clientSide(r *bodyReader, _ *document, k, _, _, _ *yaml.Node) {
	r.imp.notef(r.pos(k), "%s is a setting of the SDK's call, not of the request; left out", k.Value)
}

// seconds writes the SDK's timeout in seconds as a proto Duration.
func seconds(v *yaml.Node) *yaml.Node {
	s := resolve(v).Value
	if _, err := strconv.ParseFloat(s, 64); err == nil || strings.HasPrefix(s, "${") {
		s += "s"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, LineComment: v.LineComment}
}
