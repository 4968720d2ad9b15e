package schemas

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strconv"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The formats below are how proto JSON writes scalars that JSON has no type
// for. Each checks a value only when it is of a type the format is about;
// the "type" keyword reports everything else.
var formats = []*jsonschema.Format{
	intFormat("int32", -1<<31, 1<<31-1),
	intFormat("uint32", 0, 1<<32-1),
	intFormat("int64", -1<<63, 1<<63-1),
	uint64Format(),
	{Name: "proto-float", Validate: validateFloat},
	{Name: "proto-duration", Validate: validateDuration},
}

var decimal = regexp.MustCompile(`^-?[0-9]+$`)

// integer reads v as proto JSON writes an integer: a number or a decimal
// string. checked is false for values this format does not judge (other
// types, and non-integral numbers, which "type" already reports).
func integer(v any) (n *big.Int, checked bool, err error) {
	switch v := v.(type) {
	case json.Number:
		if i, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			return big.NewInt(i), true, nil // the common case, without big.Rat
		}
		r, ok := new(big.Rat).SetString(string(v))
		if !ok || !r.IsInt() {
			return nil, false, nil
		}
		return r.Num(), true, nil
	case string:
		if i, err := strconv.ParseInt(v, 10, 64); err == nil {
			return big.NewInt(i), true, nil
		}
		if !decimal.MatchString(v) {
			return nil, true, fmt.Errorf("not a whole number")
		}
		n, _ := new(big.Int).SetString(v, 10)
		return n, true, nil
	}
	return nil, false, nil
}

func intFormat(name string, lo, hi int64) *jsonschema.Format {
	min, max := big.NewInt(lo), big.NewInt(hi)
	return &jsonschema.Format{Name: name, Validate: func(v any) error {
		n, checked, err := integer(v)
		if !checked || err != nil {
			return err
		}
		if n.Cmp(min) < 0 || n.Cmp(max) > 0 {
			return fmt.Errorf("out of range (%d to %d)", lo, hi)
		}
		return nil
	}}
}

func uint64Format() *jsonschema.Format {
	max := new(big.Int).SetUint64(1<<64 - 1)
	return &jsonschema.Format{Name: "uint64", Validate: func(v any) error {
		n, checked, err := integer(v)
		if !checked || err != nil {
			return err
		}
		if n.Sign() < 0 || n.Cmp(max) > 0 {
			return fmt.Errorf("out of range (0 to %s)", max)
		}
		return nil
	}}
}

func validateFloat(v any) error {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	switch s {
	case "NaN", "Infinity", "-Infinity":
		return nil
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return fmt.Errorf("not a number")
	}
	return nil
}

// durationRE is google.protobuf.Duration in proto JSON: seconds with up to
// nine fractional digits and an "s" suffix.
var durationRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]{1,9})?s$`)

// maxDurationSeconds is the documented range of google.protobuf.Duration
// (about 10,000 years).
const maxDurationSeconds = 315576000000

func validateDuration(v any) error {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	if !durationRE.MatchString(s) {
		return fmt.Errorf(`not a duration; write seconds with an "s" suffix, such as "3600s"`)
	}
	secs, _ := strconv.ParseFloat(s[:len(s)-1], 64)
	if secs > maxDurationSeconds || secs < -maxDurationSeconds {
		return fmt.Errorf("out of range (at most %d seconds)", maxDurationSeconds)
	}
	return nil
}
