package lint

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// writeGitHub prints GitHub Actions workflow commands, which the runner
// turns into annotations on the pull request:
//
//	::error file=jobs/a.yaml,line=9,col=7,endLine=9,endColumn=20,title=VX102 unknown-field::unknown field ...
func writeGitHub(w io.Writer, res *Result, opts OutputOptions) error {
	bw := bufio.NewWriter(w)
	for _, d := range res.Diagnostics {
		command := map[Severity]string{Error: "error", Warning: "warning", Info: "notice"}[d.Severity]
		file := d.File
		if rel, ok := opts.underRoot(file); ok {
			file = rel
		}
		props := []string{"file=" + visible(escapeProperty(file))}
		if r := d.Range; r.Start.IsValid() {
			props = append(props,
				fmt.Sprintf("line=%d", r.Start.Line), fmt.Sprintf("col=%d", r.Start.Column),
				fmt.Sprintf("endLine=%d", r.End.Line), fmt.Sprintf("endColumn=%d", r.End.Column))
		}
		props = append(props, "title="+escapeProperty(d.Rule.ID+" "+d.Rule.Name))
		msg := d.Message()
		if d.Detail != "" {
			msg += "\n" + d.Detail
		}
		// Escaped, a newline stays one for the runner; any other control
		// character is shown as an escape, not sent to the log raw.
		fmt.Fprintf(bw, "::%s %s::%s\n", command, strings.Join(props, ","), visible(escapeData(msg)))
	}
	return bw.Flush()
}

// escapeData and escapeProperty follow the escaping of the runner's
// workflow command parser (actions/toolkit, core/src/command.ts).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
