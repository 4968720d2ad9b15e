package spec

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ambiguousNumber says why a plain scalar that go.yaml.in/yaml/v3 reads as
// number v is not plainly that number: a spelling JSON lacks, that YAML 1.1
// and 1.2 (and so other tools) read differently, or that turns into
// something else on its way to Vertex AI. It returns "" for the harmless
// ones (+1, .5, 1.) and for numbers as JSON writes them.
func ambiguousNumber(text string, v any) (msg, detail string) {
	digits := strings.TrimLeft(text, "+-")
	quoted := strconv.Quote(text)
	switch f, isFloat := v.(float64); {
	case isFloat && (math.IsInf(f, 0) || math.IsNaN(f)):
		return fmt.Sprintf("%s is %s in YAML, sent to Vertex AI as the text %q", text, specialName(f), specialJSON(f)),
			fmt.Sprintf("No field of a job takes infinity or NaN; if this is text, quote it (%s).", quoted)
	case strings.Contains(text, "_"):
		return fmt.Sprintf("%s is the number %s in YAML 1.1 but text in YAML 1.2", text, numberText(v)),
			fmt.Sprintf("Write %s, or quote it (%s) if it is text.", numberText(v), quoted)
	case hasBasePrefix(digits):
		return fmt.Sprintf("%s is the number %s written in base %d, a spelling JSON lacks and not every YAML reader knows", text, numberText(v), base(digits)),
			fmt.Sprintf("Write %s, or quote it (%s) if it is text.", numberText(v), quoted)
	case !isFloat && len(digits) > 1 && digits[0] == '0':
		decimal := strings.TrimLeft(digits, "0")
		if decimal == "" {
			decimal = "0"
		}
		if strings.HasPrefix(text, "-") {
			decimal = "-" + decimal
		}
		return fmt.Sprintf("%s is the octal number %s in YAML 1.1, which vxjob follows, but %s in YAML 1.2", text, numberText(v), decimal),
			fmt.Sprintf("vxjob does not guess which was meant: write %s or %s, without leading zeros, or quote it (%s) if it is text.", numberText(v), decimal, quoted)
	}
	return "", ""
}

func hasBasePrefix(digits string) bool {
	if len(digits) < 2 || digits[0] != '0' {
		return false
	}
	switch digits[1] {
	case 'x', 'X', 'o', 'O', 'b', 'B':
		return true
	}
	return false
}

func base(digits string) int {
	switch digits[1] {
	case 'x', 'X':
		return 16
	case 'o', 'O':
		return 8
	}
	return 2
}

func specialName(f float64) string {
	switch {
	case math.IsNaN(f):
		return "not-a-number (NaN)"
	case f > 0:
		return "infinity"
	}
	return "minus infinity"
}

// specialJSON is how proto JSON spells a value JSON has no number for.
func specialJSON(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case f > 0:
		return "Infinity"
	}
	return "-Infinity"
}

// numberText writes a number YAML decoded in decimal.
func numberText(v any) string {
	switch v := v.(type) {
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case uint64:
		return strconv.FormatUint(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

// checkAmbiguousNumber reports a plain scalar that ambiguousNumber finds
// fault with. The value stays as YAML read it: nothing the user wrote is
// changed, and the finding keeps it from being sent.
func (c *converter) checkAmbiguousNumber(n *yaml.Node, v any) {
	if n.Style != 0 { // tagged (!!int 0x1F) or quoted: meant as written
		return
	}
	if msg, detail := ambiguousNumber(n.Value, v); msg != "" {
		c.errs = append(c.errs, &Error{Kind: AmbiguousNumber, Range: c.doc.File.Range(n), Msg: msg, Detail: detail})
	}
}
