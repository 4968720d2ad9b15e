package importer

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/vxjob/vxjob/internal/suggest"
)

// normalizer renames the keys of a body to the lowerCamelCase that vxjob
// files use, whatever style the input wrote them in (machine_spec,
// machine-spec, MachineSpec), following the API's message descriptors so
// that only real fields are renamed and map keys (labels) are left alone.
// Keys that are no field are reported and left out; fields that Vertex AI
// sets itself are noted and left out.
type normalizer struct {
	imp  *importer
	file string
	done map[*yaml.Node]bool // mappings already normalized (anchors)
}

func newNormalizer(imp *importer, file string) *normalizer {
	return &normalizer{imp: imp, file: file, done: map[*yaml.Node]bool{}}
}

func (n *normalizer) pos(node *yaml.Node) Pos { return Pos{n.file, node.Line, node.Column} }

// message normalizes m as a message of type md.
func (n *normalizer) message(m *yaml.Node, md protoreflect.MessageDescriptor) {
	if m == nil || m.Kind == yaml.AliasNode || n.done[m] {
		return // an alias is normalized where its anchor is
	}
	n.done[m] = true
	if m.Kind != yaml.MappingNode {
		return // the schema tier of lint says what is wrong with it
	}
	fields := fieldsOf(md)
	seen := map[string]*yaml.Node{}
	var out []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.ShortTag() == "!!merge" {
			for _, src := range mergeSources(v) {
				n.message(resolve(src), md)
			}
			out = append(out, k, v)
			continue
		}
		fd := fields.find(k.Value)
		if fd == nil {
			n.unknown(k, md)
			continue
		}
		if isOutputOnly(fd) {
			n.imp.notef(n.pos(k), "%s is set by Vertex AI, not by a request; left out", k.Value)
			continue
		}
		name := fd.JSONName()
		if prev := seen[name]; prev != nil {
			n.imp.problemf(n.pos(k), "%s is %s again (also at line %d); the last one is kept", k.Value, name, prev.Line)
			out = removePair(out, prev)
		}
		seen[name] = k
		k.Value = name
		n.value(v, fd)
		out = append(out, k, v)
	}
	m.Content = out
}

// value normalizes the value of field fd.
func (n *normalizer) value(v *yaml.Node, fd protoreflect.FieldDescriptor) {
	if v == nil || v.Kind == yaml.AliasNode {
		return
	}
	switch {
	case fd.IsMap():
		if md := fd.MapValue().Message(); md != nil && v.Kind == yaml.MappingNode {
			for i := 1; i < len(v.Content); i += 2 {
				n.message(v.Content[i], md)
			}
		}
	case fd.IsList() && fd.Message() != nil:
		if v.Kind == yaml.MappingNode {
			if isEnvList(fd) && !looksLikeEnvVar(v) {
				envFromMapping(v)
			} else {
				// A single message where a list goes: gcloud's own
				// --config example writes workerPoolSpecs so.
				item := *v
				*v = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: item.Line, Column: item.Column, Content: []*yaml.Node{&item}}
			}
		}
		if v.Kind == yaml.SequenceNode {
			for _, item := range v.Content {
				n.message(item, fd.Message())
			}
		}
	case fd.Message() != nil && !isWellKnown(fd.Message()):
		n.message(v, fd.Message())
	}
}

// unknown reports a key that is no field of md, with the field it most
// likely means.
func (n *normalizer) unknown(k *yaml.Node, md protoreflect.MessageDescriptor) {
	msg := fmt.Sprintf("unknown field %q in %s; left out", k.Value, md.Name())
	if s := suggestField(k.Value, md); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	n.imp.problemf(n.pos(k), "%s", msg)
}

func removePair(pairs []*yaml.Node, key *yaml.Node) []*yaml.Node {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i] == key {
			return append(pairs[:i:i], pairs[i+2:]...)
		}
	}
	return pairs
}

func mergeSources(v *yaml.Node) []*yaml.Node {
	r := resolve(v)
	if r.Kind == yaml.SequenceNode {
		return r.Content
	}
	return []*yaml.Node{r}
}

// isEnvList says fd is a list of EnvVar (containerSpec.env and the like).
func isEnvList(fd protoreflect.FieldDescriptor) bool {
	return fd.Message().Name() == "EnvVar"
}

// looksLikeEnvVar says m is one EnvVar ({name, value}) rather than a
// mapping of names to values.
func looksLikeEnvVar(m *yaml.Node) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := normalKey(m.Content[i].Value); k != "name" && k != "value" {
			return false
		}
	}
	return true
}

// envFromMapping turns {NAME: value, ...}, as scripts and SDK helpers
// write environments, into the API's list of {name, value}.
func envFromMapping(m *yaml.Node) {
	list := newSequence()
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		item := newMapping()
		item.HeadComment = k.HeadComment
		set(item, "name", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k.Value, Style: k.Style})
		if resolve(v).Kind == yaml.ScalarNode && resolve(v).ShortTag() != "!!str" && resolve(v).ShortTag() != "!!null" {
			// An EnvVar's value is a string: 1 and true are "1" and "true".
			v = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: resolve(v).Value, LineComment: v.LineComment}
		}
		set(item, "value", v)
		list.Content = append(list.Content, item)
	}
	*m = *list
}

func isWellKnown(md protoreflect.MessageDescriptor) bool {
	return md.ParentFile().Package() == "google.protobuf"
}

func isOutputOnly(fd protoreflect.FieldDescriptor) bool {
	behaviors, _ := proto.GetExtension(fd.Options(), annotations.E_FieldBehavior).([]annotations.FieldBehavior)
	return slices.Contains(behaviors, annotations.FieldBehavior_OUTPUT_ONLY)
}

// fieldIndex finds the fields of a message by their names in any style.
type fieldIndex map[string]protoreflect.FieldDescriptor

func (f fieldIndex) find(key string) protoreflect.FieldDescriptor { return f[normalKey(key)] }

var fieldIndexes sync.Map // protoreflect.FullName → fieldIndex

func fieldsOf(md protoreflect.MessageDescriptor) fieldIndex {
	if f, ok := fieldIndexes.Load(md.FullName()); ok {
		return f.(fieldIndex)
	}
	f := fieldIndex{}
	fds := md.Fields()
	for i := range fds.Len() {
		f[normalKey(string(fds.Get(i).Name()))] = fds.Get(i)
	}
	fieldIndexes.Store(md.FullName(), f)
	return f
}

// normalKey is a key without its style: machine_spec, machine-spec,
// MachineSpec and machineSpec are all machinespec.
func normalKey(s string) string {
	return strings.ToLower(keySeparators.Replace(s))
}

// keySeparators drops the separators of a key, made once for every call.
var keySeparators = strings.NewReplacer("_", "", "-", "")

// suggestField is the field of md that key most likely means: one whose
// name is a typo away, or a field of one of md's messages, as when a
// worker pool is written flat (machineType: beside replicaCount).
func suggestField(key string, md protoreflect.MessageDescriptor) string {
	fds := md.Fields()
	names := make([]string, fds.Len())
	for i := range fds.Len() {
		names[i] = fds.Get(i).JSONName()
	}
	if best := suggest.Nearest(key, names); best != "" {
		return best
	}
	for i := range fds.Len() {
		fd := fds.Get(i)
		if fd.Message() == nil || fd.IsList() || fd.IsMap() || isWellKnown(fd.Message()) {
			continue
		}
		if inner := fieldsOf(fd.Message()).find(key); inner != nil {
			return fd.JSONName() + "." + inner.JSONName()
		}
	}
	// containerImageUri: the inner field may be named for its message.
	for i := range fds.Len() {
		fd := fds.Get(i)
		if fd.Message() == nil || fd.IsList() || fd.IsMap() || isWellKnown(fd.Message()) {
			continue
		}
		inner := fd.Message().Fields()
		for j := range inner.Len() {
			prefix := strings.TrimSuffix(normalKey(string(fd.Name())), "spec")
			if normalKey(key) == prefix+normalKey(string(inner.Get(j).Name())) {
				return fd.JSONName() + "." + inner.Get(j).JSONName()
			}
		}
	}
	return ""
}
