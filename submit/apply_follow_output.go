package submit

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// LogPrinter is what apply --follow prints of the jobs' logs (a
// LogFollower): in text, a line each as `vxjob logs` prints it, after the
// document's name padded to the longest when there are several jobs
// (docker compose's way); in JSON, an object per line, `vxjob logs
// --format json`'s with the document's name as "job". A failed read is a
// line on Stderr.
type LogPrinter struct {
	Stdout, Stderr io.Writer
	JSON           bool
	// Color colours the text by severity, as `vxjob logs` does, and each
	// document's name in a colour of its own.
	Color bool

	width  int
	prefix map[*Document]string
}

// The colours of the documents' names, in turn: none of the severities'.
var nameColors = []string{"\x1b[36m", "\x1b[35m", "\x1b[34m", "\x1b[32m"}

func (p *LogPrinter) Start(docs []*Document) {
	p.prefix = map[*Document]string{}
	if len(docs) < 2 {
		return
	}
	for _, d := range docs {
		p.width = max(p.width, len(d.Name))
	}
	for i, d := range docs {
		name := fmt.Sprintf("%-*s", p.width, d.Name)
		if p.Color {
			name = nameColors[i%len(nameColors)] + name + ansiReset
		}
		p.prefix[d] = name + " | "
	}
}

// jobLine is a line of apply --follow --format json.
type jobLine struct {
	Job string `json:"job"` // the document's metadata.name
	LogRecord
}

func (p *LogPrinter) Entries(batch []JobEntry) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	for _, e := range batch {
		if p.JSON {
			enc.Encode(jobLine{Job: e.Doc.Name, LogRecord: e.Record})
			continue
		}
		b.WriteString(p.prefix[e.Doc] + logLine(e.Record, p.Color) + "\n")
	}
	io.WriteString(p.Stdout, b.String())
}

func (p *LogPrinter) Failed(d *Document, _ string, err error) {
	// err names the job and says what failed.
	fmt.Fprintf(p.Stderr, "vxjob: %s: %v; the wait goes on, and the log is read again at the next look\n", d.Label(), err)
}
