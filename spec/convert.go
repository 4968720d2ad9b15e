package spec

import (
	"encoding/json"
	"fmt"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// CustomJob returns the document's spec as the CustomJob vxjob sends to
// Vertex AI, with displayName defaulting to metadata.name. What lint checks
// is this message, so it is exactly what would be sent.
func (d *Document) CustomJob() (*aiplatformpb.CustomJob, error) {
	job := &aiplatformpb.CustomJob{}
	if err := d.unmarshalSpec(job); err != nil {
		return nil, err
	}
	if job.DisplayName == "" {
		job.DisplayName = d.Name
	}
	return job, nil
}

// PersistentResource returns the document's spec as the PersistentResource
// vxjob sends; its ID is metadata.name, which the create request carries.
func (d *Document) PersistentResource() (*aiplatformpb.PersistentResource, error) {
	pr := &aiplatformpb.PersistentResource{}
	if err := d.unmarshalSpec(pr); err != nil {
		return nil, err
	}
	return pr, nil
}

func (d *Document) unmarshalSpec(m proto.Message) error {
	doc, _ := d.Value.(map[string]any)
	spec, ok := doc["spec"]
	if !ok {
		return fmt.Errorf("document has no spec")
	}
	data, err := json.Marshal(spec)
	if err != nil {
		return err
	}
	return protojson.Unmarshal(data, m)
}
