package vertextest

import (
	"strings"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// mask is a read mask: the fields of a message to keep, as a tree of
// field names. An empty mask keeps everything.
type mask map[string]mask

// newMask checks paths (proto field names, dot-separated) against the
// type of m and builds the tree.
func newMask(m proto.Message, paths []string) (mask, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	if _, err := fieldmaskpb.New(m, paths...); err != nil {
		return nil, invalid("read_mask: %v", err)
	}
	root := mask{}
	for _, p := range paths {
		node := root
		for _, name := range strings.Split(p, ".") {
			next, ok := node[name]
			if !ok {
				next = mask{}
				node[name] = next
			}
			node = next
		}
	}
	return root, nil
}

// apply clears the fields of m that the mask does not keep. A leaf keeps
// the whole field; within repeated and map fields of messages the mask
// applies to each element.
func (k mask) apply(m proto.Message) {
	if k == nil {
		return
	}
	k.applyReflect(m.ProtoReflect())
}

func (k mask) applyReflect(m protoreflect.Message) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		sub, keep := k[string(fd.Name())]
		switch {
		case !keep:
			m.Clear(fd)
		case len(sub) == 0:
			// a leaf: keep the field whole
		case fd.IsList() && fd.Message() != nil:
			for i := range v.List().Len() {
				sub.applyReflect(v.List().Get(i).Message())
			}
		case fd.IsMap() && fd.MapValue().Message() != nil:
			v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
				sub.applyReflect(mv.Message())
				return true
			})
		case fd.Message() != nil:
			sub.applyReflect(v.Message())
		}
		return true
	})
}
