package main

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

type versionOptions struct {
	IO IOStreams
}

func newVersionCmd(opts *versionOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of rotaplan and of Go it was built with",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(opts.IO.Out, "rotaplan %s (%s %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
}
