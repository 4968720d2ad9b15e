package lint

import (
	"encoding/json"
	"fmt"
)

// display shows the value at loc in a message: a string quoted, a number
// or boolean as written, anything else by what it is.
func (c *schemaCheck) display(loc []string) string {
	switch v := c.valueAt(loc).(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case json.Number:
		return string(v)
	case bool:
		return fmt.Sprint(v)
	case nil:
		return "empty"
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	}
	return "a value"
}
