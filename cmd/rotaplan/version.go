package main

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

// versionLine is what rotaplan version and rotaplan --version print, without
// the newline: the version of rotaplan, of Go, and the platform.
func versionLine() string {
	return fmt.Sprintf("rotaplan %s (%s %s/%s)", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

type versionOptions struct {
	IO IOStreams
}

func newVersionCmd(opts *versionOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of rotaplan and of Go it was built with",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintln(opts.IO.Out, versionLine())
			return err
		},
	}
}
