package spec

// Where is a project and a location (region): where a document's job or
// resource is sent, and, as a run's defaults (flags, VXJOB_PROJECT and
// VXJOB_LOCATION, .vxjob.yaml, gcloud's configuration), where the
// documents that name none go.
type Where struct {
	Project  string
	Location string
}
