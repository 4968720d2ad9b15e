package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/lint"
)

// version is set at build time (-ldflags "-X main.version=v1.2.3"); without
// it, the module version recorded by `go install` is used.
var version = ""

func versionString() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}

// dependencyVersion reports the version of a module linked into vxjob.
func dependencyVersion(path string) string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == path {
				return dep.Version
			}
		}
	}
	return "unknown"
}

func tool() lint.Tool {
	return lint.Tool{Name: "vxjob", Version: versionString(), URI: "https://github.com/vxjob/vxjob"}
}

func (a *app) versionCommand() *cli.Command {
	return &cli.Command{
		Name:         "version",
		Usage:        "print the version of vxjob and of the Vertex AI API it is built against",
		ArgValidator: takesArgs(0, 0, ""),
		Action: func(context.Context, *cli.Command) error {
			fmt.Fprintf(a.stdout, "vxjob %s\n", versionString())
			fmt.Fprintf(a.stdout, "  api:        google.cloud.aiplatform.v1 (cloud.google.com/go/aiplatform %s)\n", dependencyVersion("cloud.google.com/go/aiplatform"))
			fmt.Fprintf(a.stdout, "  go:         %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}
