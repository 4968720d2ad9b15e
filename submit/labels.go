package submit

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// The labels vxjob puts on every job it creates. Vertex AI has no
// client-chosen job ID and no request ID, so these are how vxjob finds
// its jobs again: by document (key), by what runs (spec), and by create
// call (attempt).
const (
	LabelManaged = "vxjob-managed" // managedValue
	LabelKey     = "vxjob-key"     // the document: JobKey
	LabelSpec    = "vxjob-spec"    // what runs: spec.SpecHash
	LabelAttempt = "vxjob-attempt" // one create call: NewAttempt

	// managedValue is the value of LabelManaged on the jobs vxjob made.
	// Only that exact value counts: a job labelled vxjob-managed: "false"
	// by hand is not vxjob's to change or cancel.
	managedValue = "true"

	reservedPrefix = "vxjob-"
	maxLabels      = 64 // per resource, as Google Cloud allows
)

var lowerBase32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// JobKey names a job document for the labels: its name, shortened if need
// be, and a hash of project, location and name, so that two documents
// never share a key and the label stays within 63 characters.
func JobKey(project, location, name string) string {
	sum := sha256.Sum256([]byte(project + "/" + location + "/" + name))
	slug := name
	if len(slug) > 52 {
		slug = strings.TrimRight(slug[:52], "-")
	}
	return slug + "-" + lowerBase32.EncodeToString(sum[:])[:10]
}

// NewAttempt returns a random token for one create: 128 bits, in 26
// lowercase base32 characters.
func NewAttempt() string {
	var b [16]byte
	rand.Read(b[:])
	return lowerBase32.EncodeToString(b[:])
}

// jobLabels returns the user's labels with vxjob's added. A user label in
// vxjob's namespace is refused: it would confuse what vxjob finds.
func jobLabels(user map[string]string, key, spec, attempt string) (map[string]string, error) {
	var reserved []string
	for k := range user {
		if strings.HasPrefix(k, reservedPrefix) {
			reserved = append(reserved, k)
		}
	}
	if len(reserved) > 0 {
		sort.Strings(reserved)
		return nil, fmt.Errorf("labels %s: the prefix %q is vxjob's own", strings.Join(reserved, ", "), reservedPrefix)
	}
	out := map[string]string{LabelManaged: managedValue, LabelKey: key, LabelSpec: spec, LabelAttempt: attempt}
	if n := len(user) + len(out); n > maxLabels {
		return nil, fmt.Errorf("the job has %d labels and vxjob adds %d: a job may have at most %d", len(user), len(out), maxLabels)
	}
	for k, v := range user {
		out[k] = v
	}
	return out, nil
}

// isManaged says whether a job's labels say vxjob made it.
func isManaged(labels map[string]string) bool {
	return labels[LabelManaged] == managedValue
}

// jobNamePattern is a job's resource name, as Vertex AI gives it.
var jobNamePattern = regexp.MustCompile(`^projects/[A-Za-z0-9._-]+/locations/[A-Za-z0-9._-]+/customJobs/[A-Za-z0-9._-]+$`)

// checkJobName refuses a job name from the server that is not a job's
// resource name: vxjob prints it and calls with it, so a name that is
// empty, or carries control characters, is the server's error, not a job.
func checkJobName(name, parent string) error {
	switch {
	case name == "":
		return errors.New("a job that Vertex AI sent has no name")
	case !jobNamePattern.MatchString(name):
		return fmt.Errorf("a job that Vertex AI sent is named %q, which is not the resource name of a job in %s", serverText(name), parent)
	}
	return nil
}
