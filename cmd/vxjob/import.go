package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/importer"
	"github.com/vxjob/vxjob/spec"
)

// gcloudInputName names a --gcloud command line in positions.
const gcloudInputName = "<gcloud>"

func (a *app) importCommand() *cli.Command {
	return &cli.Command{
		Name:         "import",
		Usage:        "turn a gcloud --config file, a gcloud command line or an SDK/REST body into vxjob files",
		ArgsUsage:    "[FILE | -]",
		ArgValidator: takesArgs(0, 1, ""),
		Description: `Reads one input and writes one vxjob file per job or persistent resource in it:

  - a gcloud --config file (YAML or JSON): a CustomJobSpec, or a CustomJob with
    displayName and jobSpec; workerPoolSpecs as a list or a single mapping;
  - a Vertex AI SDK dict or REST body, in snake_case or camelCase: a CustomJob,
    a CustomJobSpec, the keyword arguments of the SDK's CustomJob, a list of
    worker pool specs, a PersistentResource;
  - a shell script (FILE ending in .sh, or starting with #! or gcloud) or, with
    --gcloud, a command line: each gcloud ai custom-jobs create and gcloud ai
    persistent-resources create in it, with gcloud's defaults; other commands
    are skipped and said so.

A file is named after its document (metadata.name, made from the display name
unless --name is given). Comments of a YAML input are kept, and ${VAR}
placeholders stay as written, for vxjob to resolve.

What cannot be translated (a local package that gcloud builds into an image,
an unknown key or flag) is reported on standard error as file:line:col:
message, and the files hold the rest.

Exit status: 0 when everything was translated, 1 when something was
reported, 2 when the input could not be read, a file exists (see --force),
or vxjob was called wrongly.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "gcloud", Usage: "a gcloud command line to import, in place of FILE"},
			&cli.StringFlag{Name: "name", Usage: "metadata.name of the imported document", DefaultText: "made from the display name"},
			&cli.StringFlag{Name: "project", Usage: "metadata.project of documents whose input names none"},
			&cli.StringFlag{Name: "location", Usage: "metadata.location of documents whose input names none"},
			&cli.StringFlag{Name: "output", TakesFile: true, Aliases: []string{"o"}, Usage: "directory to write the files into", DefaultText: "standard output"},
			&cli.BoolFlag{Name: "force", Usage: "overwrite files that exist"},
		},
		Action: a.importAction,
	}
}

func (a *app) importAction(_ context.Context, cmd *cli.Command) error {
	name, src, dir, err := a.importInput(cmd)
	if err != nil {
		return err
	}
	res, err := importer.Import(name, src, importer.Options{
		Name:     cmd.String("name"),
		Project:  cmd.String("project"),
		Location: cmd.String("location"),
		Gcloud:   cmd.IsSet("gcloud"),
		Dir:      dir,
	})
	if err != nil {
		return usageError{err}
	}
	for _, n := range res.Notes {
		fmt.Fprintf(a.stderr, "%s: note: %s\n", n.Pos, n.Message)
	}
	for _, p := range res.Problems {
		fmt.Fprintln(a.stderr, p)
	}
	if out := cmd.String("output"); out != "" && out != "-" {
		if err := a.writeImported(out, res.Files, cmd.Bool("force")); err != nil {
			return err
		}
	} else {
		a.printImported(res.Files)
	}
	if len(res.Problems) > 0 {
		fmt.Fprintf(a.stderr, "vxjob: %s not translated; the files hold the rest\n", countOf(len(res.Problems), "thing"))
		return exitError{1}
	}
	return nil
}

// importInput is what to import: FILE, standard input, or --gcloud; dir
// is where the --config paths of a command line are relative to.
func (a *app) importInput(cmd *cli.Command) (name string, src []byte, dir string, err error) {
	args := cmd.Args().Slice()
	line, hasLine := cmd.String("gcloud"), cmd.IsSet("gcloud")
	switch {
	case hasLine && len(args) == 1:
		return "", nil, "", usagef("give FILE or --gcloud, not both")
	case hasLine:
		return gcloudInputName, []byte(line), "", nil
	case len(args) == 0:
		return "", nil, "", usagef("import needs a FILE, - for standard input, or --gcloud 'COMMAND LINE'")
	case args[0] == "-":
		src, err := spec.ReadAllLimited(a.stdin)
		if err != nil {
			return "", nil, "", usagef("reading standard input: %v", err)
		}
		return spec.StdinName, src, "", nil
	}
	src, err = spec.ReadLimited(args[0])
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return "", nil, "", usagef("%s: %v", args[0], err)
	}
	return args[0], src, filepath.Dir(args[0]), nil
}

// printImported writes the files to standard output as one YAML stream,
// each document preceded by the name it would have.
func (a *app) printImported(files []importer.File) {
	for i, f := range files {
		if i > 0 {
			fmt.Fprintln(a.stdout, "---")
		}
		fmt.Fprintf(a.stdout, "# %s\n", f.Name)
		a.stdout.Write(f.Text)
	}
}

// writeImported writes the files into dir, none of them unless all can be
// written: an existing file is only replaced with force.
func (a *app) writeImported(dir string, files []importer.File, force bool) error {
	if !force {
		var exist []string
		for _, f := range files {
			path := filepath.Join(dir, f.Name)
			if _, err := os.Lstat(path); err == nil {
				exist = append(exist, path)
			}
		}
		switch len(exist) {
		case 0:
		case 1:
			return usagef("%s already exists; nothing written (--force overwrites it)", exist[0])
		default:
			return usagef("%s already exist; nothing written (--force overwrites them)", strings.Join(exist, ", "))
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usagef("%v", err)
	}
	for _, f := range files {
		path := filepath.Join(dir, f.Name)
		if err := writeFileAtomic(path, f.Text); err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "vxjob: wrote %s (%s)\n", path, f.Kind)
	}
	return nil
}
