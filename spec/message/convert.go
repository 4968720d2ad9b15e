// Package message turns documents into the messages vxjob sends to Vertex
// AI (a CustomJob, a PersistentResource) and hashes a job's body. It is
// apart from spec so that what reads files needs no API types: only the
// packages that build or compare requests link aiplatformpb.
package message

import (
	"encoding/json"
	"fmt"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/vxjob/vxjob/spec"
)

// CustomJob returns document d's spec as the CustomJob vxjob sends to
// Vertex AI, with displayName defaulting to metadata.name. What lint checks
// is this message, so it is exactly what would be sent.
func CustomJob(d *spec.Document) (*aiplatformpb.CustomJob, error) {
	job := &aiplatformpb.CustomJob{}
	if err := unmarshalSpec(d, job); err != nil {
		return nil, err
	}
	if job.DisplayName == "" {
		job.DisplayName = d.Name
	}
	return job, nil
}

// PersistentResource returns document d's spec as the PersistentResource
// vxjob sends; its ID is metadata.name, which the create request carries.
func PersistentResource(d *spec.Document) (*aiplatformpb.PersistentResource, error) {
	pr := &aiplatformpb.PersistentResource{}
	if err := unmarshalSpec(d, pr); err != nil {
		return nil, err
	}
	return pr, nil
}

func unmarshalSpec(d *spec.Document, m proto.Message) error {
	doc, _ := d.Value.(map[string]any)
	body, ok := doc["spec"]
	if !ok {
		return fmt.Errorf("document has no spec")
	}
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	return protojson.Unmarshal(data, m)
}
