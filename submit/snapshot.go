package submit

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"go.yaml.in/yaml/v3"
	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/vxjob/vxjob/internal/resname"
)

// WriteSnapshot writes resources, as Vertex AI returned them, as a vxjob snapshot: one
// PersistentResource document per resource, in order of resource ID, so that committing the file
// gives clean diffs. project and location are written to each document's metadata as given (the
// resource names that Vertex AI returns carry the project number, not the ID the user knows).
func WriteSnapshot(w io.Writer, project, location string, resources []*aiplatformpb.PersistentResource, observedAt time.Time) error {
	sorted := slices.Clone(resources)
	slices.SortStableFunc(sorted, func(a, b *aiplatformpb.PersistentResource) int {
		return cmp.Compare(resourceID(a), resourceID(b))
	})

	// The file is built in memory and written at once, so that a resource
	// that cannot be written leaves no half-written snapshot behind.
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Persistent resources of project %s, location %s, as Vertex AI described them.\n", project, location)
	fmt.Fprintf(&buf, "# Written by: vxjob snapshot --project %s --location %s\n", project, location)
	if len(sorted) == 0 {
		buf.WriteString("# There are none.\n")
	} else if err := encodeDocuments(&buf, project, location, sorted, observedAt); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// encodeDocuments writes one document per resource, separated by "---".
func encodeDocuments(w io.Writer, project, location string, resources []*aiplatformpb.PersistentResource, observedAt time.Time) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	enc.CompactSeqIndent() // "key:\n- item", as vxjob's examples are written
	for _, r := range resources {
		doc, err := snapshotDocument(project, location, r, observedAt)
		if err != nil {
			return err
		}
		if err := enc.Encode(doc); err != nil {
			return fmt.Errorf("persistent resource %s: %w", r.GetName(), err)
		}
	}
	return enc.Close()
}

// resourceID is the last segment of the resource's name.
func resourceID(r *aiplatformpb.PersistentResource) string { return resname.ID(r.GetName()) }

func snapshotDocument(project, location string, r *aiplatformpb.PersistentResource, observedAt time.Time) (*yaml.Node, error) {
	id := resourceID(r)
	if id == "" {
		return nil, fmt.Errorf("persistent resource name %q has no resource ID", r.GetName())
	}
	body, err := specNode(r)
	if err != nil {
		return nil, fmt.Errorf("persistent resource %s: %w", r.GetName(), err)
	}
	return mapping(
		str("apiVersion"), str("vxjob/v1"),
		str("kind"), str("PersistentResource"),
		str("metadata"), mapping(
			str("name"), str(id),
			str("project"), str(project),
			str("location"), str(location),
		),
		str("spec"), body,
		str("status"), statusNode(r, observedAt),
	), nil
}

// specNode is the resource as vxjob would send it: the REST body, in proto
// JSON's field order, without what Vertex AI sets.
func specNode(r *aiplatformpb.PersistentResource) (*yaml.Node, error) {
	body := proto.CloneOf(r)
	// The name is metadata.name. The descriptors mark it IMMUTABLE, not
	// OUTPUT_ONLY, so clearing output-only fields leaves it.
	body.Name = ""
	clearOutputOnly(body.ProtoReflect())

	data, err := protojson.Marshal(body)
	if err != nil {
		return nil, err
	}
	// JSON is YAML; decoding it keeps the order of the fields.
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	n := doc.Content[0]
	shapeMessage(n, body.ProtoReflect().Descriptor())
	return n, nil
}

// statusNode is what Vertex AI said of the resource's state and pools when
// the snapshot was taken: what the pool rules read, and never applied.
func statusNode(r *aiplatformpb.PersistentResource, observedAt time.Time) *yaml.Node {
	n := mapping(
		str("state"), str(r.GetState().String()),
		str("observedAt"), str(observedAt.UTC().Format(time.RFC3339)),
	)
	if len(r.GetResourcePools()) == 0 {
		return n
	}
	pools := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, p := range r.GetResourcePools() {
		pool := mapping(
			str("id"), str(p.GetId()),
			str("replicaCount"), integer(p.GetReplicaCount()),
			str("usedReplicaCount"), integer(p.GetUsedReplicaCount()),
		)
		pool.Style = yaml.FlowStyle // a line per pool, which is what changes between snapshots
		pools.Content = append(pools.Content, pool)
	}
	n.Content = append(n.Content, str("resourcePools"), pools)
	return n
}

// clearOutputOnly clears every field of m that the API marks OUTPUT_ONLY,
// at any depth. A singular message field left empty by that is cleared as
// well, for it was there only to carry what Vertex AI set; one that was
// empty already is kept, as an empty message can mean something (raySpec:
// {} asks for Ray with its defaults). List items and map values are kept
// even when emptied, so that the others keep their places. It reports
// whether it cleared anything.
func clearOutputOnly(m protoreflect.Message) bool {
	cleared := false
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case isOutputOnly(fd):
			m.Clear(fd)
			cleared = true
		case fd.IsMap():
			if fd.MapValue().Message() != nil {
				v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
					cleared = clearOutputOnly(mv.Message()) || cleared
					return true
				})
			}
		case fd.IsList():
			if fd.Message() != nil {
				for i := range v.List().Len() {
					cleared = clearOutputOnly(v.List().Get(i).Message()) || cleared
				}
			}
		case fd.Message() != nil:
			if clearOutputOnly(v.Message()) {
				cleared = true
				if isEmpty(v.Message()) {
					m.Clear(fd)
				}
			}
		}
		return true
	})
	return cleared
}

func isOutputOnly(fd protoreflect.FieldDescriptor) bool {
	behaviors, _ := proto.GetExtension(fd.Options(), annotations.E_FieldBehavior).([]annotations.FieldBehavior)
	return slices.Contains(behaviors, annotations.FieldBehavior_OUTPUT_ONLY)
}

func isEmpty(m protoreflect.Message) bool {
	empty := true
	m.Range(func(protoreflect.FieldDescriptor, protoreflect.Value) bool {
		empty = false
		return false
	})
	return empty
}

// shapeMessage turns n, a message as decoded from proto JSON, into what a
// vxjob file holds: block style and plain scalars where JSON had flow
// collections and quoted strings (the encoder quotes a string again where
// YAML would read it as something else), 64-bit integers as YAML integers,
// and map entries sorted by key. md says which field each key is.
func shapeMessage(n *yaml.Node, md protoreflect.MessageDescriptor) {
	if md.ParentFile().Package() == "google.protobuf" {
		// Well-known types have JSON forms of their own (a timestamp is a
		// string, a Struct any object), not objects of their fields.
		plain(n)
		return
	}
	n.Style = 0
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		key.Style = 0
		if fd := md.Fields().ByJSONName(key.Value); fd != nil {
			shapeField(value, fd)
		} else {
			plain(value) // "@type" and the fields of an Any, which only error.details has
		}
	}
}

func shapeField(n *yaml.Node, fd protoreflect.FieldDescriptor) {
	switch {
	case fd.IsMap():
		n.Style = 0
		sortEntries(n)
		for i := 0; i+1 < len(n.Content); i += 2 {
			n.Content[i].Style = 0
			shapeValue(n.Content[i+1], fd.MapValue())
		}
	case fd.IsList():
		n.Style = 0
		for _, item := range n.Content {
			shapeValue(item, fd)
		}
	default:
		shapeValue(n, fd)
	}
}

// shapeValue shapes one value of fd's type: the field's, or for a list or a
// map one item's.
func shapeValue(n *yaml.Node, fd protoreflect.FieldDescriptor) {
	switch {
	case is64Bit(fd):
		// Proto JSON quotes 64-bit integers, which JavaScript numbers cannot
		// hold exactly. YAML integers can, and vxjob files write counts as
		// numbers. The digits are kept as they are.
		n.Style, n.Tag = 0, "!!int"
	case fd.Message() != nil:
		shapeMessage(n, fd.Message())
	default:
		plain(n)
	}
}

func is64Bit(fd protoreflect.FieldDescriptor) bool {
	switch fd.Kind() {
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind,
		protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return true
	case protoreflect.MessageKind:
		name := fd.Message().FullName()
		return name == "google.protobuf.Int64Value" || name == "google.protobuf.UInt64Value"
	}
	return false
}

// plain resets the style of n and everything under it.
func plain(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		plain(c)
	}
}

// sortEntries sorts a mapping by key. Proto JSON sorts map entries today but
// does not promise to, and a snapshot must not change when nothing did.
func sortEntries(n *yaml.Node) {
	type entry struct{ key, value *yaml.Node }
	entries := make([]entry, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		entries = append(entries, entry{n.Content[i], n.Content[i+1]})
	}
	slices.SortFunc(entries, func(a, b entry) int { return cmp.Compare(a.key.Value, b.key.Value) })
	for i, e := range entries {
		n.Content[2*i], n.Content[2*i+1] = e.key, e.value
	}
}

func mapping(content ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: content}
}

func str(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func integer(n int64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(n, 10)}
}
