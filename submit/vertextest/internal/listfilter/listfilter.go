// Package listfilter implements the filter of Vertex AI's
// ListCustomJobsRequest for an in-memory fake of the JobService.
//
// The syntax is that of AIP-160 (https://google.aip.dev/160), limited to
// the fields and operators Vertex AI documents for custom jobs:
//
//	display_name  =  !=  :              ":" matches a pattern in which "*" matches any run of characters
//	state         =  !=                 against a JobState name such as JOB_STATE_RUNNING
//	create_time   =  !=  <  <=  >  >=   against an RFC 3339 timestamp such as "2021-05-18T00:00:00Z"
//	labels.KEY    =  !=  :*             ":*" tests that the job has the label
//
// The grammar:
//
//	filter      = [ expression ]
//	expression  = sequence { "AND" sequence }
//	sequence    = factor { factor }               factors side by side are ANDed
//	factor      = term { "OR" term }
//	term        = [ "NOT" | "-" ] simple
//	simple      = restriction | "(" expression ")"
//	restriction = field operator value
//	field       = WORD | "labels" "." ( WORD | STRING )
//	value       = STRING | WORD { "." WORD }
//
// where a WORD is a run of characters other than white space and
// ( ) . " ' : = < > !, and a STRING is double- or single-quoted, with \",
// \' and \\ as its escapes. A "-" that starts a word is the negation "-",
// except straight after an operator, where it is part of the value, as in
// labels.offset=-1. As AIP-160 specifies, and unlike most languages, OR
// binds tighter than AND: a AND b OR c means a AND (b OR c).
package listfilter

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
)

// Filter is a parsed ListCustomJobs filter.
type Filter struct {
	root node // nil for the empty filter, which matches every job
}

// MaxLen is the longest filter Parse takes, in bytes. Real filters are a
// few restrictions long; a longer one is refused before it is read, as
// AIP-160 services refuse them, so that a filter of megabytes costs
// neither its parse nor a match of every job against it.
const MaxLen = 8 << 10

// Parse parses a filter; "" (or only whitespace) gives a filter that matches every job.
//
// Errors give the place of the problem as a 1-based column, counted in
// bytes, and are meant to be returned to the client as they are.
func Parse(s string) (*Filter, error) {
	if len(s) > MaxLen {
		return nil, fmt.Errorf("filter: it is %d bytes long; filters are at most %d", len(s), MaxLen)
	}
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	if p.peek().kind == tokEOF {
		return &Filter{}, nil
	}
	root, err := p.expression()
	if err != nil {
		return nil, err
	}
	// An expression stops only at the end of the filter or at a ")".
	if t := p.peek(); t.kind != tokEOF {
		return nil, errorAt(t.pos, `")" without a matching "("`)
	}
	return &Filter{root: root}, nil
}

// Match reports whether job satisfies the filter.
func (f *Filter) Match(job *aiplatformpb.CustomJob) bool {
	return f == nil || f.root == nil || f.root.match(job)
}

// String returns a canonical form (fully parenthesised), useful in tests and for a page-token fingerprint.
//
// Parsing the canonical form gives the same filter. In it every AND, OR
// and NOT is in parentheses, runs of ANDs (or of ORs) are flattened into
// one, values are double-quoted, and timestamps are in RFC 3339 with no
// trailing zeros in their fractions.
func (f *Filter) String() string {
	if f == nil || f.root == nil {
		return ""
	}
	var b strings.Builder
	f.root.format(&b)
	return b.String()
}

type node interface {
	match(job *aiplatformpb.CustomJob) bool
	format(b *strings.Builder)
}

type (
	andNode []node
	orNode  []node
	notNode struct{ x node }
)

func (n andNode) match(job *aiplatformpb.CustomJob) bool {
	for _, x := range n {
		if !x.match(job) {
			return false
		}
	}
	return true
}

func (n orNode) match(job *aiplatformpb.CustomJob) bool {
	for _, x := range n {
		if x.match(job) {
			return true
		}
	}
	return false
}

func (n notNode) match(job *aiplatformpb.CustomJob) bool { return !n.x.match(job) }

func (n andNode) format(b *strings.Builder) { formatList(b, n, " AND ") }
func (n orNode) format(b *strings.Builder)  { formatList(b, n, " OR ") }

func (n notNode) format(b *strings.Builder) {
	b.WriteString("(NOT ")
	n.x.format(b)
	b.WriteString(")")
}

func formatList(b *strings.Builder, nodes []node, sep string) {
	b.WriteString("(")
	for i, x := range nodes {
		if i > 0 {
			b.WriteString(sep)
		}
		x.format(b)
	}
	b.WriteString(")")
}

// listNode is an AND or an OR of nodes.
type listNode interface {
	andNode | orNode
	node
}

// flatten combines nodes with AND or OR, as T says. Both are associative,
// so nested nodes of the same kind are merged, giving (a AND b) AND c and
// a AND (b AND c) one canonical form.
func flatten[T listNode](nodes []node) node {
	if len(nodes) == 1 {
		return nodes[0]
	}
	var flat T
	for _, x := range nodes {
		if inner, ok := x.(T); ok {
			flat = append(flat, inner...)
		} else {
			flat = append(flat, x)
		}
	}
	return flat
}

// The restrictions. op is the operator as written; the parser has checked
// that the field supports it.
type (
	displayNameRestriction struct{ op, value string }
	stateRestriction       struct {
		op    string
		state aiplatformpb.JobState
	}
	createTimeRestriction struct {
		op string
		t  time.Time
	}
	// labelRestriction with op ":" tests that the label exists.
	labelRestriction struct{ key, op, value string }
)

func (r displayNameRestriction) match(job *aiplatformpb.CustomJob) bool {
	switch r.op {
	case "=":
		return job.GetDisplayName() == r.value
	case "!=":
		return job.GetDisplayName() != r.value
	}
	return wildcardMatch(r.value, job.GetDisplayName())
}

func (r stateRestriction) match(job *aiplatformpb.CustomJob) bool {
	return (job.GetState() == r.state) == (r.op == "=")
}

func (r createTimeRestriction) match(job *aiplatformpb.CustomJob) bool {
	if job.GetCreateTime() == nil {
		return r.op == "!="
	}
	c := job.GetCreateTime().AsTime().Compare(r.t)
	switch r.op {
	case "=":
		return c == 0
	case "!=":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	}
	return c >= 0
}

func (r labelRestriction) match(job *aiplatformpb.CustomJob) bool {
	v, ok := job.GetLabels()[r.key]
	switch r.op {
	case "=":
		return ok && v == r.value
	case "!=":
		return !ok || v != r.value
	}
	return ok
}

func (r displayNameRestriction) format(b *strings.Builder) {
	b.WriteString("display_name" + r.op + quote(r.value))
}

func (r stateRestriction) format(b *strings.Builder) {
	b.WriteString("state" + r.op + r.state.String())
}

// The timestamp keeps the offset it was written with: converting it to
// UTC could take a year-0000 time out of the range RFC 3339 can write.
func (r createTimeRestriction) format(b *strings.Builder) {
	b.WriteString("create_time" + r.op + quote(r.t.Format(time.RFC3339Nano)))
}

func (r labelRestriction) format(b *strings.Builder) {
	b.WriteString("labels." + formatKey(r.key) + r.op)
	if r.op == ":" {
		b.WriteString("*")
	} else {
		b.WriteString(quote(r.value))
	}
}

// formatKey returns a label key as the canonical form writes it: bare if
// it is a word of letters, digits, "_" and "-" that reads back as itself
// (it is not a keyword and does not start with "-"), else quoted.
func formatKey(key string) string {
	bare := key != "" && key[0] != '-' && key != "AND" && key != "OR" && key != "NOT"
	for i := 0; bare && i < len(key); i++ {
		c := key[i]
		bare = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
	}
	if bare {
		return key
	}
	return quote(key)
}

// wildcardMatch reports whether s matches pattern, in which "*" matches
// any run of characters and everything else matches itself.
func wildcardMatch(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return s == pattern
	}
	first, last := parts[0], parts[len(parts)-1]
	if len(s) < len(first)+len(last) || !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false
	}
	// Taking each middle part at its first occurrence leaves the most room
	// for the parts after it.
	s = s[len(first) : len(s)-len(last)]
	for _, part := range parts[1 : len(parts)-1] {
		i := strings.Index(s, part)
		if i < 0 {
			return false
		}
		s = s[i+len(part):]
	}
	return true
}

// maxDepth bounds the nesting of parentheses, so that a hostile filter
// cannot exhaust the stack of the recursive descent.
const maxDepth = 100

type parser struct {
	toks  []token // ends with a tokEOF
	i     int
	depth int // of parentheses around the next token
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

// errExpected reports that the parser wanted what where the next token is.
func (p *parser) errExpected(what string) error {
	t := p.peek()
	if p.i > 0 {
		switch prev := p.toks[p.i-1]; prev.kind {
		case tokAnd, tokOr, tokNot, tokMinus, tokLParen, tokOp, tokDot:
			what += " after " + prev.String()
		}
	}
	return errorAt(t.pos, "expected %s, found %s", what, t)
}

func (p *parser) expression() (node, error) {
	var seqs []node
	for {
		seq, err := p.sequence()
		if err != nil {
			return nil, err
		}
		seqs = append(seqs, seq)
		if p.peek().kind != tokAnd {
			return flatten[andNode](seqs), nil
		}
		p.next()
	}
}

func (p *parser) sequence() (node, error) {
	var factors []node
	for {
		f, err := p.factor()
		if err != nil {
			return nil, err
		}
		factors = append(factors, f)
		// Anything else starts the next factor, or is an error that
		// parsing it reports.
		switch p.peek().kind {
		case tokEOF, tokRParen, tokAnd:
			return flatten[andNode](factors), nil
		}
	}
}

func (p *parser) factor() (node, error) {
	var terms []node
	for {
		t, err := p.term()
		if err != nil {
			return nil, err
		}
		terms = append(terms, t)
		if p.peek().kind != tokOr {
			return flatten[orNode](terms), nil
		}
		p.next()
	}
}

func (p *parser) term() (node, error) {
	if k := p.peek().kind; k == tokNot || k == tokMinus {
		p.next()
		x, err := p.simple()
		if err != nil {
			return nil, err
		}
		return notNode{x}, nil
	}
	return p.simple()
}

func (p *parser) simple() (node, error) {
	switch t := p.peek(); t.kind {
	case tokText:
		return p.restriction()
	case tokLParen:
		p.next()
		if p.peek().kind == tokRParen {
			return nil, errorAt(t.pos, "empty parentheses")
		}
		if p.depth == maxDepth {
			return nil, errorAt(t.pos, "parentheses nested more than %d deep", maxDepth)
		}
		p.depth++
		x, err := p.expression()
		if err != nil {
			return nil, err
		}
		p.depth--
		// An expression stops only at the end of the filter or at a ")".
		if p.next().kind != tokRParen {
			return nil, errorAt(t.pos, `"(" without a matching ")"`)
		}
		return x, nil
	}
	return nil, p.errExpected("a restriction")
}

// The operators of each field, in the order error messages list them;
// display_name and labels.KEY share stringOps.
var (
	stringOps     = []string{"=", "!=", ":"}
	stateOps      = []string{"=", "!="}
	createTimeOps = []string{"=", "!=", "<", "<=", ">", ">="}
)

func (p *parser) restriction() (node, error) {
	start := p.peek()
	path, err := p.member()
	if err != nil {
		return nil, err
	}
	field, ops := start.text, stringOps
	var key string
	switch {
	case field == "labels":
		if len(path) == 1 {
			return nil, errorAt(start.pos, "labels needs a key, as in labels.KEY=VALUE or labels.KEY:*")
		}
		if len(path) > 2 {
			return nil, errorAt(path[2].pos, `a label key is one word or string; quote a key with dots in it, as in labels."a.b"`)
		}
		key = path[1].text
		if key == "" {
			return nil, errorAt(path[1].pos, "empty label key")
		}
		field = "labels." + formatKey(key)
	case len(path) == 1 && field == "display_name":
	case len(path) == 1 && field == "state":
		ops = stateOps
	case len(path) == 1 && field == "create_time":
		ops = createTimeOps
	default:
		return nil, errorAt(start.pos, "unknown field %q; filterable fields are display_name, state, create_time, labels.KEY", joinPath(path))
	}

	op := p.peek()
	if op.kind != tokOp {
		return nil, errorAt(op.pos, "expected one of %s after %s, found %s", strings.Join(ops, " "), field, op)
	}
	if !slices.Contains(ops, op.text) {
		return nil, errorAt(op.pos, "%s does not support %q; its operators are %s", field, op.text, strings.Join(ops, " "))
	}
	p.next()
	val, err := p.value()
	if err != nil {
		return nil, err
	}

	switch start.text {
	case "display_name":
		return displayNameRestriction{op.text, val.text}, nil
	case "state":
		state, ok := aiplatformpb.JobState_value[val.text]
		if !ok {
			return nil, errorAt(val.pos, "unknown state %q; the states are %s", val.text, stateNames())
		}
		return stateRestriction{op.text, aiplatformpb.JobState(state)}, nil
	case "create_time":
		t, err := time.Parse(time.RFC3339Nano, val.text)
		if err != nil {
			msg := `create_time value %q is not an RFC 3339 timestamp such as "2021-05-18T00:00:00Z"`
			if val.kind == tokText {
				// A bare timestamp stops at its first ":".
				msg += "; timestamps must be quoted"
			}
			return nil, errorAt(val.pos, msg, val.text)
		}
		return createTimeRestriction{op.text, t}, nil
	}
	if op.text == ":" && val.text != "*" {
		return nil, errorAt(val.pos, "%s:%q is not supported; %s:* tests that the label exists and %s=VALUE compares its value", field, val.text, field, field)
	}
	return labelRestriction{key, op.text, val.text}, nil
}

// member parses a WORD { "." ( WORD | STRING ) } and returns its parts.
// After a dot, a keyword is a plain word: labels.AND is a label.
func (p *parser) member() ([]token, error) {
	path := []token{p.next()}
	for p.peek().kind == tokDot {
		p.next()
		switch t := p.peek(); t.kind {
		case tokText, tokString, tokAnd, tokOr, tokNot:
			path = append(path, p.next())
		default:
			return nil, p.errExpected("a name")
		}
	}
	return path, nil
}

func joinPath(path []token) string {
	parts := make([]string, len(path))
	for i, t := range path {
		parts[i] = t.text
	}
	return strings.Join(parts, ".")
}

// value parses the value of a restriction, returning it as one token.
// A bare dotted value such as 1.5 is a member to AIP-160; here it is text.
func (p *parser) value() (token, error) {
	switch t := p.peek(); t.kind {
	case tokString:
		return p.next(), nil
	case tokText:
		path, err := p.member()
		if err != nil {
			return token{}, err
		}
		return token{kind: tokText, pos: t.pos, text: joinPath(path)}, nil
	}
	return token{}, p.errExpected("a value")
}

// stateNames lists the JobState names in enum order.
func stateNames() string {
	var names []string
	for _, n := range slices.Sorted(maps.Keys(aiplatformpb.JobState_name)) {
		names = append(names, aiplatformpb.JobState_name[n])
	}
	return strings.Join(names, ", ")
}
