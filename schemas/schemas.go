// Package schemas holds the JSON Schemas of vxjob documents, generated from
// the aiplatformpb descriptors by ./gen and embedded into the binary.
package schemas

//go:generate go run ./gen -o .

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The kinds of vxjob document.
const (
	KindCustomJob          = "CustomJob"
	KindPersistentResource = "PersistentResource"
)

// APIVersion is the envelope version these schemas describe.
const APIVersion = "vxjob/v1"

var (
	//go:embed customjob.json
	customJob []byte
	//go:embed persistentresource.json
	persistentResource []byte
	//go:embed vxjob.json
	combined []byte
	//go:embed config.json
	config []byte
)

// ConfigName is the "kind" of the configuration file's schema, which is
// written by hand: the configuration is vxjob's own, not the API's.
const ConfigName = "Config"

// Kinds lists the document kinds, in the order help texts show them.
func Kinds() []string { return []string{KindCustomJob, KindPersistentResource} }

// JSON returns the schema of one kind, or with kind "" the combined schema
// that dispatches on kind. ok is false for an unknown kind.
func JSON(kind string) (data []byte, ok bool) {
	switch kind {
	case KindCustomJob:
		return customJob, true
	case KindPersistentResource:
		return persistentResource, true
	case ConfigName:
		return config, true
	case "":
		return combined, true
	}
	return nil, false
}

// FileName is the name of the schema file of kind ("" for the combined one).
func FileName(kind string) string {
	switch kind {
	case KindCustomJob:
		return "customjob.json"
	case KindPersistentResource:
		return "persistentresource.json"
	case ConfigName:
		return "config.json"
	}
	return "vxjob.json"
}

type compiled struct {
	once   sync.Once
	schema *jsonschema.Schema
	err    error
}

var cache = map[string]*compiled{
	KindCustomJob:          {},
	KindPersistentResource: {},
	ConfigName:             {},
}

// Compiled returns the compiled schema of kind, compiling it on first use.
// It is safe for concurrent use.
func Compiled(kind string) (*jsonschema.Schema, error) {
	c, ok := cache[kind]
	if !ok {
		return nil, fmt.Errorf("schemas: unknown kind %q", kind)
	}
	c.once.Do(func() {
		data, _ := JSON(kind)
		c.schema, c.err = compile(FileName(kind), data)
	})
	return c.schema, c.err
}

func compile(name string, data []byte) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("schemas: %s: %w", name, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for _, f := range formats {
		c.RegisterFormat(f)
	}
	url := "mem:///" + name
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("schemas: %s: %w", name, err)
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("schemas: %s: %w", name, err)
	}
	return s, nil
}
