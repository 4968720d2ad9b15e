// Command schemalibrary does nothing but link the JSON Schema library, so
// that its package initialisation runs. See package startfloor.
package main

import _ "github.com/santhosh-tekuri/jsonschema/v6"

func main() {}
