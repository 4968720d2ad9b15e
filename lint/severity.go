package lint

import (
	"encoding/json"
	"fmt"
)

// Severity orders findings: Error > Warning > Info. Off is a setting, not
// a severity of any finding: a rule set Off does not run.
type Severity int

const (
	Off     Severity = -1
	Info    Severity = 1
	Warning Severity = 2
	Error   Severity = 3
)

var severityNames = map[Severity]string{Info: "info", Warning: "warning", Error: "error"}

func (s Severity) String() string {
	if s == Off {
		return "off"
	}
	if n, ok := severityNames[s]; ok {
		return n
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	for sev, name := range severityNames {
		if name == s {
			return sev, nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }
