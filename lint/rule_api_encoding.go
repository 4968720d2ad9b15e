package lint

import (
	"strings"

	"github.com/vxjob/vxjob/schemas"
)

var ruleAPIEncoding = &Rule{
	ID:       "VX108",
	Name:     "api-encoding",
	Title:    "The spec does not convert to the API request",
	Severity: Error,
	Tier:     TierSchema,
	Doc: `After the schema check, vxjob converts spec to the Vertex AI message it would send (with
protojson, as the client library does); what lint checks is exactly that message. When the
conversion fails although the schema passed, the schema and the API disagree: the finding
quotes the converter. Please report it, with the document.`,
}

// convert builds the API message from a schema-valid document.
func (c *schemaCheck) convert(kindName string) {
	var err error
	switch kindName {
	case schemas.KindCustomJob:
		_, err = c.doc.CustomJob()
	case schemas.KindPersistentResource:
		_, err = c.doc.PersistentResource()
	}
	if err != nil {
		loc := []string{"spec"}
		msg := strings.TrimPrefix(err.Error(), "proto: ")
		c.report(ruleAPIEncoding, loc, c.keyRange(loc), "spec does not convert to the API message: "+msg)
	}
}
