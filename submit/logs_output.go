package submit

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"cloud.google.com/go/logging/apiv2/loggingpb"
	ltype "google.golang.org/genproto/googleapis/logging/type"
	"google.golang.org/protobuf/encoding/protojson"
)

// LogRecord is a log entry as `vxjob logs` shows it, its text made safe to
// print (serverText).
type LogRecord struct {
	Replica  string    `json:"replica"`
	Time     time.Time `json:"time"`
	Severity string    `json:"severity"`
	// Stderr: Vertex AI records what a replica writes to stderr at ERROR,
	// so an ERROR entry is shown as stderr.
	Stderr bool   `json:"stderr"`
	Text   string `json:"text"`
}

// Record turns an entry into what `vxjob logs` shows.
func Record(e *loggingpb.LogEntry) LogRecord {
	r := LogRecord{
		Replica:  serverText(e.GetResource().GetLabels()["task_name"]),
		Time:     e.GetTimestamp().AsTime().UTC(),
		Severity: e.GetSeverity().String(),
		Stderr:   e.GetSeverity() == ltype.LogSeverity_ERROR,
	}
	if r.Replica == "" {
		r.Replica = "-"
	}
	switch p := e.GetPayload().(type) {
	case *loggingpb.LogEntry_TextPayload:
		r.Text = p.TextPayload
	case *loggingpb.LogEntry_JsonPayload:
		// Structured logs put the line in "message"; else the whole object.
		if m, ok := p.JsonPayload.GetFields()["message"]; ok && m.GetStringValue() != "" {
			r.Text = m.GetStringValue()
		} else if b, err := protojson.Marshal(p.JsonPayload); err == nil {
			r.Text = string(b)
		}
	case *loggingpb.LogEntry_ProtoPayload:
		r.Text = p.ProtoPayload.GetTypeUrl()
	}
	r.Text = serverText(r.Text)
	return r
}

// ANSI colours of the severities on a terminal.
const (
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiDim    = "\x1b[2m"
	ansiReset  = "\x1b[0m"
)

// WriteLogText writes a line per record: replica, RFC 3339 time, severity
// (stderr for what Vertex AI recorded from stderr), text.
func WriteLogText(w io.Writer, recs []LogRecord, color bool) error {
	for _, r := range recs {
		if _, err := fmt.Fprintln(w, logLine(r, color)); err != nil {
			return err
		}
	}
	return nil
}

func logLine(r LogRecord, color bool) string {
	sev := r.Severity
	if r.Stderr {
		sev = "stderr"
	}
	line := fmt.Sprintf("%s %s %-7s %s", r.Replica, r.Time.Format(time.RFC3339), sev, r.Text)
	if color {
		switch {
		case r.Severity == "ERROR" || r.Severity == "CRITICAL" || r.Severity == "ALERT" || r.Severity == "EMERGENCY":
			line = ansiRed + line + ansiReset
		case r.Severity == "WARNING":
			line = ansiYellow + line + ansiReset
		case r.Severity == "DEBUG":
			line = ansiDim + line + ansiReset
		}
	}
	return line
}

// WriteLogJSON writes JSON lines: an object per record, so that a reader
// can start on the first entry before the last is written.
func WriteLogJSON(w io.Writer, recs []LogRecord) error {
	enc := json.NewEncoder(w)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}
