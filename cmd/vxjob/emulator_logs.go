package main

import (
	"os"
	"path"
	"strings"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"

	"github.com/vxjob/vxjob/spec"
	"github.com/vxjob/vxjob/submit/vertextest"
)

// jobLogs is one --job-logs PATTERN=FILE of the emulator: the jobs whose
// display name matches PATTERN log FILE's lines when they start RUNNING.
type jobLogs struct {
	pattern string
	lines   []vertextest.LogLine
}

// parseJobLogs reads the --job-logs values, each file whole, before the
// emulator serves, so that a mistake stops it at once (exit 2).
func parseJobLogs(values []string) ([]jobLogs, error) {
	var out []jobLogs
	for _, v := range values {
		// The pattern ends at the first "=": a display name may hold
		// one, but rarely, and a file name as rarely.
		pattern, file, ok := strings.Cut(v, "=")
		if !ok || pattern == "" || file == "" {
			return nil, usagef("--job-logs %q: give PATTERN=FILE, such as 'bert-*=train.log'", v)
		}
		if _, err := path.Match(pattern, ""); err != nil {
			return nil, usagef("--job-logs %q: the pattern %q: %v", v, pattern, err)
		}
		// A named pipe or a device would block the read, or never end.
		if info, err := os.Stat(file); err != nil {
			return nil, usagef("--job-logs %q: %v", v, err)
		} else if !info.Mode().IsRegular() {
			return nil, usagef("--job-logs %q: %s is not a regular file", v, file)
		}
		text, err := spec.ReadLimited(file)
		if err != nil {
			return nil, usagef("--job-logs %q: %v", v, err)
		}
		r := jobLogs{pattern: pattern}
		for _, l := range strings.Split(strings.ReplaceAll(string(text), "\r\n", "\n"), "\n") {
			if l != "" {
				r.lines = append(r.lines, vertextest.LogLine{Text: l})
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// give makes srv's jobs that match log the lines.
func (r jobLogs) give(srv *vertextest.Server) {
	srv.LogJobs(func(j *aiplatformpb.CustomJob) bool { ok, _ := path.Match(r.pattern, j.DisplayName); return ok }, r.lines...)
}
