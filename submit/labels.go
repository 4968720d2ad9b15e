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

	"github.com/vxjob/vxjob/spec"
)

// The labels vxjob puts on every job it creates (see spec/labels.go).
const (
	LabelManaged = spec.LabelManaged
	LabelKey     = spec.LabelKey     // the document: JobKey
	LabelSpec    = spec.LabelSpec    // what runs: message.SpecHash
	LabelAttempt = spec.LabelAttempt // one create call: NewAttempt

	managedValue = spec.ManagedValue
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

// jobLabels returns the user's labels with vxjob's added. Lint's VX211
// refuses what this refuses, by the same limits (spec/labels.go), so
// plan and apply meet these errors only for documents lint did not see.
func jobLabels(user map[string]string, key, specHash, attempt string) (map[string]string, error) {
	var reserved []string
	for k := range user {
		if spec.IsReservedLabel(k) {
			reserved = append(reserved, k)
		}
	}
	if len(reserved) > 0 {
		sort.Strings(reserved)
		return nil, fmt.Errorf("labels %s: the prefix %q is vxjob's own", strings.Join(reserved, ", "), spec.ReservedLabelPrefix)
	}
	if len(user) > spec.MaxJobLabels {
		return nil, fmt.Errorf("the job has %d labels and vxjob adds %d: a job may have at most %d", len(user), spec.ManagedLabels, spec.MaxLabels)
	}
	out := map[string]string{LabelManaged: managedValue, LabelKey: key, LabelSpec: specHash, LabelAttempt: attempt}
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
