// Package prototest makes messages for tests that must notice a new field
// of an API message: a message with every field set, and variants of it
// that differ in one field each. A comparison that ignores a field (one
// the API added after the comparison was written) then fails the test
// that names that field.
package prototest

import (
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Variant is a message that differs from Filled's in one field.
type Variant struct {
	// Path names the field by its JSON names: "reservationAffinity.key".
	Path string
	Msg  proto.Message
}

// Filled returns a message like m with every field set, to values of
// seed (messages to a depth of two).
func Filled(m proto.Message, seed int) proto.Message {
	out := m.ProtoReflect().New()
	fill(out, seed, 2)
	return out.Interface()
}

// Variants returns, for each field of Filled(m, 1), and for each field of
// a message field, a copy in which only that field has another value.
func Variants(m proto.Message) []Variant {
	base := Filled(m, 1)
	var out []Variant
	fields := base.ProtoReflect().Descriptor().Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		v := proto.Clone(base)
		set(v.ProtoReflect(), fd, 2, 1)
		out = append(out, Variant{fd.JSONName(), v})
		if fd.Kind() != protoreflect.MessageKind || fd.IsList() || fd.IsMap() {
			continue
		}
		sub := fd.Message().Fields()
		for j := range sub.Len() {
			v := proto.Clone(base)
			set(v.ProtoReflect().Mutable(fd).Message(), sub.Get(j), 2, 1)
			out = append(out, Variant{fd.JSONName() + "." + sub.Get(j).JSONName(), v})
		}
	}
	return out
}

func fill(m protoreflect.Message, seed, depth int) {
	fields := m.Descriptor().Fields()
	for i := range fields.Len() {
		set(m, fields.Get(i), seed, depth)
	}
}

// set gives field fd of m a value of seed; a list gets one item.
func set(m protoreflect.Message, fd protoreflect.FieldDescriptor, seed, depth int) {
	switch {
	case fd.IsMap():
		mp := m.Mutable(fd).Map()
		mp.Range(func(k protoreflect.MapKey, _ protoreflect.Value) bool { mp.Clear(k); return true })
		mp.Set(scalar(fd.MapKey(), seed).MapKey(), scalar(fd.MapValue(), seed))
	case fd.IsList():
		l := m.Mutable(fd).List()
		l.Truncate(0)
		if fd.Kind() == protoreflect.MessageKind {
			item := l.NewElement()
			fill(item.Message(), seed, depth-1)
			l.Append(item)
		} else {
			l.Append(scalar(fd, seed))
		}
	case fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind:
		if depth > 0 {
			sub := m.NewField(fd)
			fill(sub.Message(), seed, depth-1)
			m.Set(fd, sub)
		}
	default:
		m.Set(fd, scalar(fd, seed))
	}
}

// scalar is a value of fd's kind for seed: seeds give different values.
func scalar(fd protoreflect.FieldDescriptor, seed int) protoreflect.Value {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return protoreflect.ValueOfBool(seed%2 == 1)
	case protoreflect.EnumKind:
		values := fd.Enum().Values()
		return protoreflect.ValueOfEnum(values.Get(seed % values.Len()).Number())
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return protoreflect.ValueOfInt32(int32(seed))
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return protoreflect.ValueOfInt64(int64(seed))
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return protoreflect.ValueOfUint32(uint32(seed))
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return protoreflect.ValueOfUint64(uint64(seed))
	case protoreflect.FloatKind:
		return protoreflect.ValueOfFloat32(float32(seed))
	case protoreflect.DoubleKind:
		return protoreflect.ValueOfFloat64(float64(seed))
	case protoreflect.BytesKind:
		return protoreflect.ValueOfBytes([]byte{byte(seed)})
	}
	return protoreflect.ValueOfString(string(rune('a' + seed)))
}
