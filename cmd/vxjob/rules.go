package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/lint"
)

func (a *app) rulesCommand() *cli.Command {
	return &cli.Command{
		Name:         "rules",
		Usage:        "list the rules of vxjob lint",
		ArgValidator: takesArgs(0, 0, ""),
		Action: func(context.Context, *cli.Command) error {
			w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tNAME\tTIER\tSEVERITY\tSOURCE\tFINDS")
			for _, r := range lint.Rules() {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Name, r.Tier, r.Severity, r.Strongest(), r.Title)
			}
			if err := w.Flush(); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, "\nSOURCE is the strongest ground of the rule: documented (Google's documentation), client code (gcloud or a")
			fmt.Fprintln(a.stdout, "Google SDK), observed (users met the server's error) or judgement (vxjob's own advice).")
			fmt.Fprintln(a.stdout, "vxjob explain RULE shows a rule's documentation, sources and examples.")
			return nil
		},
	}
}

func (a *app) explainCommand() *cli.Command {
	return &cli.Command{
		Name:         "explain",
		Usage:        "show a rule's documentation, with an example it reports and one it does not",
		ArgsUsage:    "RULE",
		ArgValidator: takesArgs(1, 1, "a rule ID or name"),
		Action: func(_ context.Context, cmd *cli.Command) error {
			r, err := lint.LookupRule(cmd.Args().First())
			if u, ok := errors.AsType[*lint.UnknownRuleError](err); ok && u.Suggestion != "" {
				return usageError{err}
			} else if err != nil {
				return usagef("%v; vxjob rules lists them", err)
			}
			fmt.Fprintf(a.stdout, "%s %s (%s tier, %s by default)\n%s\n\n%s\n", r.ID, r.Name, r.Tier, r.Severity, r.Title, r.Doc)
			writeSources(a.stdout, r.Sources)
			if r.Bad == "" {
				return nil
			}
			fmt.Fprintf(a.stdout, "\nReported:\n\n%s\n", indent(r.Bad))
			out, err := lint.Explain(r)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "vxjob lint says:\n\n%s\n", indent(out))
			fmt.Fprintf(a.stdout, "Not reported:\n\n%s", indent(r.Good))
			return nil
		},
	}
}

func indent(s string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = "    " + l
		}
	}
	return strings.Join(lines, "")
}

// writeSources prints a rule's sources, strongest first, each with its
// grade, the fact and where it is written.
func writeSources(w io.Writer, sources []lint.Source) {
	fmt.Fprintf(w, "\nSources, strongest first:\n\n")
	for _, s := range sources {
		fmt.Fprintf(w, "  [%s] %s\n", s.Grade, s.Fact)
		if s.URL != "" {
			fmt.Fprintf(w, "      %s\n", s.URL)
		}
	}
}
