package spec

import "fmt"

// ErrorKind says what kind of problem stopped a file or document from being
// read. Each kind maps to one lint rule.
type ErrorKind int

const (
	// ReadError: the file could not be read at all.
	ReadError ErrorKind = iota + 1
	// EncodingError: the bytes are not UTF-8, or hold characters YAML forbids.
	EncodingError
	// SyntaxError: not valid YAML (tabs in indentation included).
	SyntaxError
	// DuplicateKey: a mapping has the same key twice.
	DuplicateKey
	// AliasExpansion: aliases expand to more nodes than vxjob accepts.
	AliasExpansion
	// UnsupportedValue: a tag, key or merge that has no JSON form.
	UnsupportedValue
	// EmptyDocument: a document (or a whole file) with no content.
	EmptyDocument
	// AmbiguousNumber: a plain number spelled so that YAML reads it as
	// something other than what it seems (0200, 1_000, .inf).
	AmbiguousNumber
)

var kindNames = map[ErrorKind]string{
	ReadError:        "read error",
	EncodingError:    "encoding error",
	SyntaxError:      "syntax error",
	DuplicateKey:     "duplicate key",
	AliasExpansion:   "alias expansion",
	UnsupportedValue: "unsupported value",
	EmptyDocument:    "empty document",
	AmbiguousNumber:  "ambiguous number",
}

func (k ErrorKind) String() string { return kindNames[k] }

// Error is a problem found while reading a file, with its position.
type Error struct {
	Kind     ErrorKind
	File     string
	Document int // index of the document in the file; -1 when the file as a whole
	Range    Range
	Msg      string // one line, lower case, no trailing period
	Detail   string // optional: why, and how to fix it
}

func (e *Error) Error() string {
	if !e.Range.Start.IsValid() {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%s: %s", e.File, e.Range.Start, e.Msg)
}
