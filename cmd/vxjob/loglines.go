package main

import "github.com/urfave/cli/v3"

// logLinesFlag is --log-lines of plan and apply: how many of a failed
// job's last lines what shows, read in one call to Cloud Logging.
func logLinesFlag(what string) cli.Flag {
	return &cli.IntFlag{Name: "log-lines", Value: 5, Usage: "the last lines of its log that " + what + "; 0 for none"}
}

// checkLogLines refuses a --log-lines that Cloud Logging could not give
// in one call: it gives at most 1,000 entries a call.
func checkLogLines(cmd *cli.Command) error {
	if n := cmd.Int("log-lines"); n < 0 || n > 1000 {
		return usagef("--log-lines must be from 0 to 1000, not %d", n)
	}
	return nil
}
