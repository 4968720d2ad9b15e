package spec

import "strings"

// The labels vxjob puts on every job it creates. Vertex AI has no
// client-chosen job ID and no request ID, so these are how vxjob finds
// its jobs again: by document (key), by what runs (spec), and by create
// call (attempt). Lint and apply both take the limits below from here, so
// that lint refuses what apply would.
const (
	LabelManaged = "vxjob-managed" // ManagedValue
	LabelKey     = "vxjob-key"     // the document
	LabelSpec    = "vxjob-spec"    // what runs: message.SpecHash
	LabelAttempt = "vxjob-attempt" // one create call

	// ManagedValue is the value of LabelManaged on the jobs vxjob made.
	// Only that exact value counts: a job labelled vxjob-managed: "false"
	// by hand is not vxjob's to change or cancel.
	ManagedValue = "true"

	// ReservedLabelPrefix starts vxjob's labels; a label of the user's
	// with it would confuse what vxjob finds.
	ReservedLabelPrefix = "vxjob-"

	// MaxLabels is how many labels a Google Cloud resource may carry.
	MaxLabels = 64
	// MaxJobLabels is how many a job document may have of its own:
	// vxjob adds ManagedLabels to each job it creates.
	MaxJobLabels = MaxLabels - ManagedLabels
	// ManagedLabels is how many labels vxjob adds to a job.
	ManagedLabels = 4
)

// IsReservedLabel reports whether a label key is in vxjob's namespace.
func IsReservedLabel(key string) bool { return strings.HasPrefix(key, ReservedLabelPrefix) }
