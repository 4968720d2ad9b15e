package spec

import "regexp"

// ResourceID is the form of a persistent resource's ID, as Vertex AI's
// CreatePersistentResource takes it (lowercase letters, digits and
// hyphens, 1 to 63 characters, starting with a letter, not ending with a
// hyphen), and so of a document's metadata.name, which becomes that ID
// for a PersistentResource and a label value for a CustomJob.
var ResourceID = regexp.MustCompile(`^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$`)
