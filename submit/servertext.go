package submit

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// maxServerText is how much of one piece of server text vxjob shows: an
// error message longer than this says nothing more that a person reads.
const maxServerText = 2000

// serverText makes text that came from the server (a status message, a
// job's error, a progress message) safe to print: control and format
// characters are escaped (\x1b, \n, \u202e), so that a server cannot move
// the cursor, colour the terminal or write lines of its own that look
// like vxjob's; bytes that are not UTF-8 become U+FFFD; and it is cut
// after maxServerText bytes, saying how much was left out.
func serverText(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || !printable(r) {
			clean = false
			break
		}
	}
	if clean && len(s) <= maxServerText {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if b.Len() >= maxServerText {
			fmt.Fprintf(&b, "… (%d more bytes)", len(s)-i)
			break
		}
		switch {
		case r == utf8.RuneError:
			b.WriteRune(utf8.RuneError)
		case printable(r):
			b.WriteRune(r)
		default:
			q := strings.Trim(fmt.Sprintf("%+q", r), "'") // \n, \x1b, \u202e
			b.WriteString(q)
		}
	}
	return b.String()
}

// printable is what may reach a terminal as it is: graphic characters and
// the plain space.
func printable(r rune) bool {
	return r == ' ' || unicode.IsGraphic(r) && !unicode.Is(unicode.Cf, r) && !unicode.IsSpace(r)
}

// serverJSON makes a JSON value that came from the server safe to print,
// and still JSON: characters that serverText would escape, and that a
// JSON encoder leaves as they are (C1 controls, DEL, format characters
// such as U+202E), become \uXXXX escapes, which are valid only inside
// strings, where such characters can only be.
func serverJSON(s string) string {
	var b strings.Builder
	for _, r := range s {
		if printable(r) || r == '\n' || r == '\r' || r == '\t' {
			b.WriteRune(r)
			continue
		}
		for _, u := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&b, `\u%04x`, u)
		}
	}
	return b.String()
}

// ServerText is serverText for the commands: a server's text made safe to
// print.
func ServerText(s string) string { return serverText(s) }
