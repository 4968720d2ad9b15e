package secret

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Env says whether an environment variable's value is a secret: kind is
// the credential's kind when the value has a known shape, "" when it is a
// plaintext value under a secret's name.
func Env(name, value string) (kind string, ok bool) {
	if kind := Shape(value); kind != "" {
		return kind, true
	}
	return "", IsName(name) && IsLiteral(value)
}

// Arg is a secret in a list of arguments (args, command).
type Arg struct {
	Index int    // the item that holds the secret
	Flag  string // the flag it is the value of ("--password"), if any
	Kind  string // the credential's kind; "" for a plaintext value under a secret's name
	// Value is the secret: the item, or its part after "=" when the item
	// is --flag=value.
	Value string
	// Apart says the secret is the item after its flag (--password VALUE).
	Apart bool
}

// Args finds the secrets in a list of arguments: items with a
// credential's shape, and the values of --name=value and --name value
// whose name says they are a secret. The words of a shell command line
// and short flags are not looked into.
func Args(items []string) []Arg {
	var out []Arg
	for i := 0; i < len(items); i++ {
		s := items[i]
		flag, val, hasVal := strings.Cut(s, "=")
		isFlag := strings.HasPrefix(flag, "--") && len(flag) > 2 && !strings.ContainsAny(flag, " \t")
		if kind := Shape(s); kind != "" {
			if isFlag && hasVal {
				out = append(out, Arg{Index: i, Flag: flag, Kind: kind, Value: val})
			} else {
				out = append(out, Arg{Index: i, Kind: kind, Value: s})
			}
			continue
		}
		if !isFlag || !IsName(flag[2:]) {
			continue
		}
		if hasVal {
			if IsLiteral(val) {
				out = append(out, Arg{Index: i, Flag: flag, Value: val})
			}
			continue
		}
		// --password VALUE: the next item, unless it is another flag.
		if i+1 < len(items) {
			next := items[i+1]
			if !strings.HasPrefix(next, "-") && Shape(next) == "" && IsLiteral(next) {
				out = append(out, Arg{Index: i + 1, Flag: flag, Value: next, Apart: true})
				i++
			}
		}
	}
	return out
}

// Values returns the secrets a value holds, a document or any part of one
// as JSON has it (map[string]any, []any, string, ...): wherever they are,
// the values of {name, value} mappings (environment variables), the
// secrets of lists of strings (arguments), and every credential's shape in
// a string. It looks at more places than lint reports, for what it finds is
// masked: a secret in an unusual place stays hidden too.
func Values(v any) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			name, _ := v["name"].(string)
			value, isString := v["value"].(string)
			// A credential's shape is found below, as a string, with
			// just its span (the password of a URL, not the URL).
			if kind, ok := Env(name, value); ok && isString && kind == "" {
				out = append(out, value)
			}
			for _, k := range sortedKeys(v) {
				walk(v[k])
			}
		case []any:
			var items []string
			for _, item := range v {
				if s, ok := item.(string); ok {
					items = append(items, s)
				} else {
					items = append(items, "") // keeps the flag and its value apart
				}
			}
			for _, a := range Args(items) {
				if a.Kind == "" {
					out = append(out, a.Value)
				}
			}
			for _, item := range v {
				walk(item)
			}
		case string:
			for _, c := range credentials(v, -1) {
				out = append(out, v[c.start:c.end])
			}
		}
	}
	walk(v)
	slices.Sort(out)
	return slices.Compact(out)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Mask replaces with '*', rune for rune, each of the secrets in s and
// every credential's shape, so that text shown beside s (a caret under a
// source line) stays aligned. A secret of several lines or words is
// masked piece by piece, as a source line holds one piece of it.
func Mask(s string, secrets []string) string {
	var spans [][2]int
	for _, c := range credentials(s, -1) {
		spans = append(spans, [2]int{c.start, c.end})
	}
	for _, secret := range secrets {
		for _, piece := range pieces(secret) {
			for at := 0; ; {
				i := strings.Index(s[at:], piece)
				if i < 0 {
					break
				}
				spans = append(spans, [2]int{at + i, at + i + len(piece)})
				at += i + len(piece)
			}
		}
	}
	if len(spans) == 0 {
		return s
	}
	masked := make([]bool, len(s))
	for _, sp := range spans {
		for i := sp[0]; i < sp[1]; i++ {
			masked[i] = true
		}
	}
	var b strings.Builder
	for i, r := range s {
		if masked[i] {
			b.WriteByte('*')
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// pieces are the parts of a secret that Mask looks for: the secret
// itself, and when it has several lines or words (a PEM block, a folded
// scalar), each line and each long word.
func pieces(secret string) []string {
	secret = strings.TrimSpace(secret)
	if utf8.RuneCountInString(secret) < minPiece {
		return nil
	}
	out := []string{secret}
	if strings.IndexFunc(secret, unicode.IsSpace) < 0 {
		return out
	}
	for _, line := range strings.Split(secret, "\n") {
		if line = strings.TrimSpace(line); utf8.RuneCountInString(line) >= minPiece {
			out = append(out, line)
		}
	}
	for _, word := range strings.Fields(secret) {
		if utf8.RuneCountInString(word) >= minWord {
			out = append(out, word)
		}
	}
	// Longest first, so that a line is masked before a word of it.
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return slices.Compact(out)
}

// A secret is at least minPiece runes (IsLiteral's bound); a word of one
// is looked for alone when it has minWord, so that masking a PEM block does
// not mask every "PRIVATE" of the file.
const (
	minPiece = 4
	minWord  = 8
)
