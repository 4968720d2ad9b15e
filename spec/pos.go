package spec

import "fmt"

// Pos is a position in a source file. Line and Column are 1-based; columns
// count Unicode code points, as YAML and SARIF's "unicodeCodePoints" do.
// The zero Pos means "no position" (an unreadable file, say).
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// IsValid reports whether p points into a file.
func (p Pos) IsValid() bool { return p.Line > 0 }

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// Before reports whether p comes before q.
func (p Pos) Before(q Pos) bool {
	return p.Line < q.Line || (p.Line == q.Line && p.Column < q.Column)
}

// Range is a span of source text; End is exclusive.
type Range struct {
	Start Pos `json:"start"`
	End   Pos `json:"end"`
}

// At returns the one-character range at p.
func At(p Pos) Range { return Range{Start: p, End: Pos{p.Line, p.Column + 1}} }
