package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"go.yaml.in/yaml/v3"

	"github.com/vxjob/vxjob/spec"
)

var (
	customJobType    = (&aiplatformpb.CustomJob{}).ProtoReflect().Descriptor()
	customJobSpecMsg = (&aiplatformpb.CustomJobSpec{}).ProtoReflect().Descriptor()
	workerPoolType   = (&aiplatformpb.WorkerPoolSpec{}).ProtoReflect().Descriptor()
	resourceType     = (&aiplatformpb.PersistentResource{}).ProtoReflect().Descriptor()
)

// body imports a YAML or JSON file: each of its documents is one body.
func (imp *importer) body(name string, src []byte) error {
	docs, err := decodeAll(name, src)
	if err != nil {
		return err
	}
	if len(docs) == 0 {
		imp.problemf(Pos{name, 1, 1}, "nothing to import: the file has no YAML or JSON document")
	}
	for _, doc := range docs {
		if d := imp.readBody(name, doc); d != nil {
			imp.docs = append(imp.docs, d)
		}
	}
	return nil
}

// decodeAll reads the YAML documents of src (JSON being YAML). A JSON
// input is restyled as block YAML: its quotes and braces are JSON's
// syntax, not the author's choice.
func decodeAll(name string, src []byte) ([]*yaml.Node, error) {
	if e := spec.CheckDepth(src); e != nil {
		return nil, fmt.Errorf("%s: %s", Pos{name, e.Range.Start.Line, e.Range.Start.Column}, e.Msg)
	}
	json := looksLikeJSON(src)
	if json {
		// YAML takes no tab where JSON allows one, in indentation.
		src = bytes.ReplaceAll(src, []byte("\t"), []byte(" "))
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var docs []*yaml.Node
	for {
		doc := &yaml.Node{}
		err := dec.Decode(doc)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, strings.TrimPrefix(err.Error(), "yaml: "))
		}
		if len(doc.Content) == 0 || (doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].ShortTag() == "!!null") {
			continue
		}
		if json {
			plainStyle(doc)
		}
		docs = append(docs, doc)
	}
}

func looksLikeJSON(src []byte) bool {
	t := bytes.TrimLeft(src, " \t\r\n\ufeff")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

// readBody translates one document of a body: it tells the shapes apart by
// their keys, whatever their style.
func (imp *importer) readBody(file string, doc *yaml.Node) *document {
	root := resolve(doc.Content[0])
	// A comment above the first key is most often about the whole file;
	// the first key may end up deep in the document, so it goes on top.
	head := doc.HeadComment
	if len(root.Content) > 0 && root.Kind != yaml.ScalarNode {
		first := root.Content[0]
		head = joinComments(head, first.HeadComment)
		first.HeadComment = ""
	}
	r := &bodyReader{imp: imp, file: file, norm: newNormalizer(imp, file)}
	var d *document
	switch root.Kind {
	case yaml.SequenceNode:
		// A list alone is a list of worker pool specs, as the SDK's
		// CustomJob(worker_pool_specs=...) takes them.
		d = r.poolList(root)
	case yaml.MappingNode:
		d = r.mapping(root)
	default:
		imp.problemf(r.pos(root), "nothing to import: expected a mapping (a CustomJob, CustomJobSpec or PersistentResource body) or a list of worker pool specs")
	}
	if d != nil {
		d.head = head
		d.source = file
		d.at = r.pos(root)
	}
	return d
}

type bodyReader struct {
	imp  *importer
	file string
	norm *normalizer
}

func (r *bodyReader) pos(n *yaml.Node) Pos { return Pos{r.file, n.Line, n.Column} }

// keyOf finds a key of m by its normal form (see normalKey).
func keyOf(m *yaml.Node, normal string) (k, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if normalKey(m.Content[i].Value) == normal {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

func (r *bodyReader) mapping(root *yaml.Node) *document {
	if _, v := keyOf(root, "apiversion"); v != nil && strings.HasPrefix(v.Value, "vxjob/") {
		r.imp.problemf(r.pos(root), "this is a vxjob document already; nothing to import")
		return nil
	}
	// REST create requests: {parent, customJob} and
	// {parent, persistentResourceId, persistentResource}.
	for _, wrapper := range []string{"customjob", "persistentresource"} {
		if _, v := keyOf(root, wrapper); v != nil && resolve(v).Kind == yaml.MappingNode {
			inner := resolve(v)
			for i := 0; i+1 < len(root.Content); i += 2 {
				if k := root.Content[i]; normalKey(k.Value) != wrapper {
					inner.Content = append(inner.Content, k, root.Content[i+1])
				}
			}
			root = inner
		}
	}
	has := func(normal string) bool { k, _ := keyOf(root, normal); return k != nil }
	switch {
	case has("jobspec"):
		return r.job(root, true)
	case has("resourcepools") || has("resourcepoolspecs"):
		return r.resource(root)
	case has("workerpoolspecs"):
		return r.job(root, false)
	case has("machinespec") || has("containerspec") || has("pythonpackagespec"):
		return r.poolList(newSequence(root))
	}
	r.imp.problemf(r.pos(root), "nothing to import: this mapping has none of jobSpec, workerPoolSpecs (a job) or resourcePools (a persistent resource)")
	return nil
}

// poolList makes a job of a list of worker pool specs.
func (r *bodyReader) poolList(pools *yaml.Node) *document {
	for _, p := range pools.Content {
		r.norm.message(p, workerPoolType)
	}
	spec := newMapping()
	set(spec, "workerPoolSpecs", pools)
	job := newMapping()
	set(job, "jobSpec", spec)
	return &document{kind: kindJob, spec: job}
}

// job translates a CustomJob (wrapped: it has jobSpec) or a CustomJobSpec,
// which may carry CustomJob fields (displayName, labels) and the keyword
// arguments of the SDK's CustomJob beside its own.
func (r *bodyReader) job(root *yaml.Node, wrapped bool) *document {
	d := &document{kind: kindJob}
	extras := r.takeExtras(root, d, jobExtras)
	job := root
	if !wrapped {
		job = newMapping()
		jobFields, specFields := fieldsOf(customJobType), fieldsOf(customJobSpecMsg)
		var rest []*yaml.Node
		for i := 0; i+1 < len(root.Content); i += 2 {
			k, v := root.Content[i], root.Content[i+1]
			if jobFields.find(k.Value) != nil && specFields.find(k.Value) == nil {
				job.Content = append(job.Content, k, v)
			} else {
				rest = append(rest, k, v)
			}
		}
		root.Content = rest
		r.norm.message(root, customJobSpecMsg)
		job.Content = append(job.Content, newString("jobSpec"), root)
	}
	r.norm.message(job, customJobType)
	spec := get(job, "jobSpec")
	if spec == nil {
		spec = newMapping()
		set(job, "jobSpec", spec)
	}
	for _, e := range extras {
		e.apply(r, d, job, resolve(spec))
	}
	order(job, "displayName", "labels", "jobSpec", "encryptionSpec")
	d.spec = job
	return d
}

// resource translates a PersistentResource body, or the keyword arguments
// of the SDK's PersistentResource.create.
func (r *bodyReader) resource(root *yaml.Node) *document {
	d := &document{kind: kindResource}
	extras := r.takeExtras(root, d, resourceExtras)
	if k, _ := keyOf(root, "resourcepoolspecs"); k != nil {
		// gcloud's --config example for persistent resources says
		// resourcePoolSpecs.
		k.Value = "resourcePools"
	}
	r.norm.message(root, resourceType)
	for _, e := range extras {
		e.apply(r, d, root, nil)
	}
	order(root, "displayName", "labels", "resourcePools")
	d.spec = root
	return d
}

// order moves the keys named to the front of mapping m, in that order; the
// others keep theirs.
func order(m *yaml.Node, keys ...string) {
	var front, back []*yaml.Node
	for _, key := range keys {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				front = append(front, m.Content[i], m.Content[i+1])
			}
		}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if !containsKey(keys, m.Content[i].Value) {
			back = append(back, m.Content[i], m.Content[i+1])
		}
	}
	m.Content = append(front, back...)
}

func containsKey(keys []string, k string) bool {
	for _, key := range keys {
		if key == k {
			return true
		}
	}
	return false
}

func joinComments(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "\n#\n" + b
}
