package submit

import (
	"fmt"
	"html"
	"io"
	"strings"
)

// What apply says when it is done: text, and a Markdown step summary (its
// JSON is Result.WriteJSON, in output.go beside plan's).

// WriteText says, per document, what apply did, then the failures (on
// stderr) and a summary.
func (res *Result) WriteText(stdout, stderr io.Writer) {
	for _, o := range res.Outcomes {
		d := o.Change.Doc
		did := o.DidOrFailed()
		line := fmt.Sprintf("%-3s %s: %s", o.Change.Action.Marker(), d.Label(), did)
		if o.Job != "" {
			line += " " + o.Job
		}
		if o.State != "" {
			line += " (" + o.State + ")"
		}
		if o.Change.Action == FailedEarlier {
			line += ": " + o.Change.Reason
		}
		fmt.Fprintln(stdout, line)
		if o.Change.Action == FailedEarlier {
			WriteLastLogs(stdout, o.LastLogs, o.LogsErr)
		}
		for _, job := range o.Cancelled {
			fmt.Fprintf(stdout, "      cancelled %s\n", job)
		}
	}
	for _, p := range res.Pruned {
		if p.Err == nil {
			fmt.Fprintf(stdout, "x   custom job %s: cancelled %s (no file declares it)\n", p.Orphan.Name, p.Orphan.Job.GetName())
		}
	}
	res.WriteProblems(stderr)
	s := res.Summary()
	pruned := ""
	if s.Pruned > 0 {
		pruned = fmt.Sprintf(", %d pruned", s.Pruned)
	}
	fmt.Fprintf(stdout, "Apply: %d created, %d updated, %d replaced, %d unchanged%s, %d failed.\n",
		s.Created, s.Updated, s.Replaced, s.Unchanged, pruned, s.Failed)
}

// WriteProblems names on stderr each document that failed, and each
// that may have a second active job.
func (res *Result) WriteProblems(stderr io.Writer) {
	for _, o := range res.Failed() {
		fmt.Fprintf(stderr, "vxjob: %s (%s) failed: %v\n", o.Change.Doc.Label(), o.Change.Doc.Where(), o.Err)
		WriteLastLogs(stderr, o.LastLogs, o.LogsErr)
	}
	for _, o := range res.Unsettled() {
		fmt.Fprintf(stderr, "vxjob: %s (%s): %v\n", o.Change.Doc.Label(), o.Change.Doc.Where(), o.Unsettled)
	}
	for _, p := range res.Pruned {
		if p.Err != nil {
			fmt.Fprintf(stderr, "vxjob: custom job %s, which no file declares: %v\n", p.Orphan.Name, p.Err)
		}
	}
}

// WriteLastLogs writes, indented under a failure, the last lines its job
// logged, or in one line why Cloud Logging could not give them.
func WriteLastLogs(w io.Writer, recs []LogRecord, err error) {
	if err != nil {
		fmt.Fprintf(w, "      (its last log lines could not be read: %v)\n", err)
		return
	}
	if len(recs) == 0 {
		return
	}
	fmt.Fprintln(w, "      its last log lines:")
	for _, r := range recs {
		fmt.Fprintf(w, "      | %s\n", logLine(r, false))
	}
}

// writeMarkdownLastLogs writes, after a step summary's table, a folded
// section with the last lines that a document's failed job logged, or why
// they could not be read; nothing when there is neither.
func writeMarkdownLastLogs(b *strings.Builder, label string, recs []LogRecord, err error) {
	if err == nil && len(recs) == 0 {
		return
	}
	fmt.Fprintf(b, "\n<details><summary>%s: its last log lines</summary>\n\n", html.EscapeString(label))
	if err != nil {
		fmt.Fprintf(b, "They could not be read: %s\n\n</details>\n", mdEscape(err.Error()))
		return
	}
	var lines strings.Builder
	for _, r := range recs {
		lines.WriteString(logLine(r, false) + "\n")
	}
	// A fence longer than any run of backticks in the lines, so that none
	// of them ends it.
	fence := strings.Repeat("`", max(3, longestRun(lines.String(), '`')+1))
	fmt.Fprintf(b, "%s\n%s%s\n\n</details>\n", fence, lines.String(), fence)
}

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] != c {
			run = 0
			continue
		}
		run++
		longest = max(longest, run)
	}
	return longest
}

// WriteMarkdown writes the step summary of an apply.
func (res *Result) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("### vxjob apply\n\n| | document | did | job | state |\n|---|---|---|---|---|\n")
	for _, o := range res.Outcomes {
		did := string(o.Did)
		if o.Err != nil {
			did = "failed: " + strings.ReplaceAll(o.Err.Error(), "|", `\|`)
		}
		if len(o.Cancelled) > 0 {
			did += "; cancelled " + strings.Join(o.Cancelled, ", ")
		}
		if o.Unsettled != nil {
			did += "; " + strings.ReplaceAll(o.Unsettled.Error(), "|", `\|`)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", o.Change.Action.Marker(), o.Change.Doc.Label(), did, o.Job, o.State)
	}
	for _, o := range res.Outcomes {
		writeMarkdownLastLogs(&b, o.Change.Doc.Label(), o.LastLogs, o.LogsErr)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}
