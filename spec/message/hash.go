package message

import (
	"bytes"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"strings"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// HashVersion names the algorithm of SpecHash; it leads every hash, so a
// later algorithm can tell its own hashes from older ones.
const HashVersion = "h1"

// SpecHash identifies what a custom job does: a hash of the job body as it
// is sent, without its labels and display name (which say who and what it
// is, not what it runs). Two jobs with the same hash run the same thing.
//
// The body is written as proto JSON, then written again as canonical JSON
// (keys sorted, no spaces), because protojson's own output is deliberately
// unstable across builds. The hash is SHA-256, written as "h1-" and 26
// lowercase base32 characters (130 bits), which fits in a label value.
func SpecHash(job *aiplatformpb.CustomJob) (string, error) {
	canonical, err := CanonicalJSON(job, func(m proto.Message) {
		j := m.(*aiplatformpb.CustomJob)
		j.Labels, j.DisplayName = nil, ""
	})
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(canonical)
	return HashVersion + "-" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:]))[:26], nil
}

// CanonicalJSON writes m as proto JSON with sorted keys and no spaces,
// after edit (when given) has changed a copy of it.
func CanonicalJSON(m proto.Message, edit func(proto.Message)) ([]byte, error) {
	if edit != nil {
		m = proto.Clone(m)
		edit(m)
	}
	raw, err := protojson.Marshal(m)
	if err != nil {
		return nil, err
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // numbers stay as protojson wrote them
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("canonical JSON: %w", err)
	}
	return json.Marshal(v) // encoding/json sorts map keys
}
