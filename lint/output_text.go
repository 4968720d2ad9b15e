package lint

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ANSI styles for text output on a terminal.
const (
	styleReset = "\x1b[0m"
	styleBold  = "\x1b[1m"
	styleDim   = "\x1b[2m"
	styleRed   = "\x1b[1;31m"
	styleYell  = "\x1b[1;33m"
	styleCyan  = "\x1b[1;36m"
)

// writeText prints each diagnostic as
//
//	file:line:col: severity: message [rule]
//	   9 |       replica_count: 1
//	     |       ^~~~~~~~~~~~~
//	     = detail
//
// and a summary line.
func writeText(w io.Writer, res *Result, opts OutputOptions) error {
	bw := bufio.NewWriter(w)
	style := func(s, text string) string {
		if !opts.Color {
			return text
		}
		return s + text + styleReset
	}
	lines := res.excerpts()
	for _, d := range res.Diagnostics {
		sevStyle := map[Severity]string{Error: styleRed, Warning: styleYell, Info: styleCyan}[d.Severity]
		where := visible(d.File)
		if d.Range.Start.IsValid() {
			where = fmt.Sprintf("%s:%d:%d", where, d.Range.Start.Line, d.Range.Start.Column)
		}
		fmt.Fprintf(bw, "%s: %s: %s %s\n", style(styleBold, where), style(sevStyle, d.Severity.String()), visible(d.Message()), style(styleDim, "["+d.Rule.ID+"]"))

		gutter := ""
		if line, ok := lines.excerpt(d.File, d.Range.Start.Line); ok && d.Range.Start.IsValid() {
			num := strconv.Itoa(d.Range.Start.Line)
			gutter = strings.Repeat(" ", len(num)+1)
			text, mark := window(line, d)
			fmt.Fprintf(bw, " %s | %s\n", style(styleDim, num), printable(text))
			fmt.Fprintf(bw, "%s | %s\n", gutter, style(sevStyle, mark))
		}
		if d.Detail != "" {
			if gutter == "" {
				gutter = "  "
			}
			fmt.Fprintf(bw, "%s = %s\n", gutter, style(styleDim, visible(d.Detail)))
		}
	}
	fmt.Fprintln(bw, summaryLine(res))
	return bw.Flush()
}

// excerptWidth is the most of a source line text output shows, in runes:
// a long line (a generated flow mapping of 60 KB) is shown around the
// finding's column, not whole for each finding on it.
const excerptWidth = 120

// window is what text output shows of line for d: all of it when it is
// short, else excerptWidth runes around d's column, with "…" where it is
// cut; and the caret under that.
func window(line string, d *Diagnostic) (text, mark string) {
	if len(line) <= excerptWidth { // no more runes than bytes
		return line, caret(line, d)
	}
	// The line is walked only as far as the window's end, never converted
	// whole: a finding near the start of a line of megabytes costs what a
	// short line does.
	col := max(0, d.Range.Start.Column-1) // 0-based
	start := max(0, col-excerptWidth/3)
	from, to, n, more := runeSpan(line, start, start+excerptWidth)
	if !more {
		// The window reaches the line's end (n runes): it ends there,
		// showing as many runes before as it can.
		if n <= excerptWidth {
			return line, caret(line, d)
		}
		start = n - excerptWidth
		from, to, _, more = runeSpan(line, start, n)
	}
	text = line[from:to]
	at := *d
	at.Range.Start.Column = min(col, start+excerptWidth) - start + 1
	at.Range.End.Column -= start
	if start > 0 {
		text = "…" + text
		at.Range.Start.Column++
		at.Range.End.Column++
	}
	if more {
		text += "…"
		at.Range.End.Column = min(at.Range.End.Column, utf8.RuneCountInString(text))
	}
	return text, caret(text, &at)
}

// runeSpan returns the byte offsets of runes from and to (0-based, to
// exclusive) of s, clipped to its end, and whether s goes on past rune to;
// when it does not, n is how many runes s has.
func runeSpan(s string, from, to int) (fromByte, toByte, n int, more bool) {
	fromByte = len(s)
	for i := range s {
		if n == from {
			fromByte = i
		}
		if n == to {
			return fromByte, i, n, true
		}
		n++
	}
	return fromByte, len(s), n, false
}

// caret underlines the diagnostic's range on its first line.
func caret(line string, d *Diagnostic) string {
	start := d.Range.Start.Column
	width := 1
	if d.Range.End.Line == d.Range.Start.Line && d.Range.End.Column > start {
		width = d.Range.End.Column - start
	}
	// Keep the mark on the line (a column past its end means "at the end").
	lineLen := utf8.RuneCountInString(line)
	if start > lineLen+1 {
		start = lineLen + 1
	}
	return strings.Repeat(" ", start-1) + "^" + strings.Repeat("~", width-1)
}

// summaryLine counts findings: "2 errors, 1 warning in 2 files (5 files, 7 documents checked)".
func summaryLine(res *Result) string {
	checked := fmt.Sprintf("%s, %s checked", plural(res.Files, "file"), plural(res.Documents, "document"))
	switch n := len(res.Skipped); {
	case n == 1:
		checked += "; 1 file skipped: not a vxjob document"
	case n > 1:
		checked += fmt.Sprintf("; %d files skipped: not vxjob documents", n)
	}
	switch n := res.Rejected; {
	case n == 1:
		checked += "; 1 document has schema errors: the rest of its checks run once those are fixed"
	case n > 1:
		checked += fmt.Sprintf("; %d documents have schema errors: the rest of their checks run once those are fixed", n)
	}
	if len(res.Diagnostics) == 0 {
		return "no problems found (" + checked + ")"
	}
	var parts []string
	for _, s := range []Severity{Error, Warning, Info} {
		if n := res.Count(s); n > 0 {
			parts = append(parts, plural(n, s.String()))
		}
	}
	files := map[string]bool{}
	for _, d := range res.Diagnostics {
		files[d.File] = true
	}
	return fmt.Sprintf("%s in %s (%s)", strings.Join(parts, ", "), plural(len(files), "file"), checked)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// printable shows a source line safely on a terminal: a tab as one space
// and other control characters, like invalid UTF-8, as U+FFFD, so that each
// still takes one column and the caret below stays aligned.
func printable(line string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0):
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(line, string(utf8.RuneError)))
}
