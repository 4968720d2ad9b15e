package vertextest

import (
	"fmt"
	"net/url"
	"strings"
)

// A pathTemplate is the path of a google.api.http rule, such as
// "/v1/{name=projects/*/locations/*/customJobs/*}:cancel": literal
// segments, "*" (one segment), "**" (the rest, as the last segment),
// variables that bind the segments they cover to a request field, and an
// optional verb after the last segment.
type pathTemplate struct {
	segs []tmplSeg
	verb string
}

type tmplSeg struct {
	literal string // "" for "*" and "**"
	rest    bool   // "**"
	field   string // the field a variable binds this segment to, or ""
}

// parseTemplate reads the template grammar of google/api/http.proto.
func parseTemplate(t string) (pathTemplate, error) {
	var pt pathTemplate
	if !strings.HasPrefix(t, "/") {
		return pt, fmt.Errorf("template %q does not start with /", t)
	}
	rest := t[1:]
	// The verb follows the last ':' that is outside every variable.
	depth := 0
	for i := len(rest) - 1; i >= 0; i-- {
		switch rest[i] {
		case '}':
			depth++
		case '{':
			depth--
		case ':':
			if depth == 0 {
				pt.verb, rest = rest[i+1:], rest[:i]
				i = -1
			}
		}
	}
	for rest != "" {
		if rest[0] == '{' {
			end := strings.IndexByte(rest, '}')
			if end < 0 {
				return pt, fmt.Errorf("template %q: unclosed variable", t)
			}
			field, sub, ok := strings.Cut(rest[1:end], "=")
			if !ok {
				sub = "*"
			}
			for _, s := range strings.Split(sub, "/") {
				seg, err := templateSeg(t, s)
				if err != nil {
					return pt, err
				}
				seg.field = field
				pt.segs = append(pt.segs, seg)
			}
			rest = strings.TrimPrefix(rest[end+1:], "/")
			continue
		}
		s, after, _ := strings.Cut(rest, "/")
		seg, err := templateSeg(t, s)
		if err != nil {
			return pt, err
		}
		pt.segs = append(pt.segs, seg)
		rest = after
	}
	for i, s := range pt.segs {
		if s.rest && i != len(pt.segs)-1 {
			return pt, fmt.Errorf("template %q: ** is not the last segment", t)
		}
	}
	return pt, nil
}

func templateSeg(t, s string) (tmplSeg, error) {
	switch {
	case s == "*":
		return tmplSeg{}, nil
	case s == "**":
		return tmplSeg{rest: true}, nil
	case s == "" || strings.ContainsAny(s, "{}=*"):
		return tmplSeg{}, fmt.Errorf("template %q: bad segment %q", t, s)
	}
	return tmplSeg{literal: s}, nil
}

// match matches an escaped URL path against the template and returns the
// value of each variable, its segments unescaped and joined by "/".
func (pt pathTemplate) match(escapedPath string) (map[string]string, bool) {
	p, ok := strings.CutPrefix(escapedPath, "/")
	if !ok {
		return nil, false
	}
	last := p[strings.LastIndexByte(p, '/')+1:]
	if i := strings.LastIndexByte(last, ':'); i >= 0 {
		// A colon in the last segment starts the verb; a template without
		// one does not match, so that GET name:cancel is not a Get.
		if pt.verb == "" || last[i+1:] != pt.verb {
			return nil, false
		}
		p = p[:len(p)-len(last)+i]
	} else if pt.verb != "" {
		return nil, false
	}
	parts := strings.Split(p, "/")
	vars := map[string][]string{}
	for i, seg := range pt.segs {
		if seg.rest {
			if i >= len(parts) {
				return nil, false
			}
			for _, part := range parts[i:] {
				if !addPart(vars, seg.field, part) {
					return nil, false
				}
			}
			parts = parts[:i]
			break
		}
		if i >= len(parts) || parts[i] == "" || seg.literal != "" && parts[i] != seg.literal {
			return nil, false
		}
		if !addPart(vars, seg.field, parts[i]) {
			return nil, false
		}
		if i == len(pt.segs)-1 && len(parts) != len(pt.segs) {
			return nil, false
		}
	}
	out := make(map[string]string, len(vars))
	for f, v := range vars {
		out[f] = strings.Join(v, "/")
	}
	return out, true
}

// addPart unescapes a path segment into the variable field, if any.
func addPart(vars map[string][]string, field, part string) bool {
	if field == "" {
		return true
	}
	v, err := url.PathUnescape(part)
	if err != nil || v == "" {
		return false
	}
	vars[field] = append(vars[field], v)
	return true
}
