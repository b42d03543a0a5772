package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// usageError is a bad command line: an unknown command or flag, a bad flag
// value, a missing or extra argument. It maps to exit code 2.
type usageError struct {
	cmd string // command path for the help hint, e.g. "rotaplan gen"
	err error
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usageErrorf makes a usage error of command c.
func usageErrorf(c *cobra.Command, format string, args ...any) error {
	return &usageError{cmd: c.CommandPath(), err: fmt.Errorf(format, args...)}
}

// usageArgs turns the errors of a cobra argument validator into usage errors.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if err := check(c, args); err != nil {
			return &usageError{cmd: c.CommandPath(), err: err}
		}
		return nil
	}
}

// flagError is cobra's FlagErrorFunc: flag parsing errors are usage errors.
func flagError(c *cobra.Command, err error) error {
	return &usageError{cmd: c.CommandPath(), err: err}
}

// reportedError is a failure whose details were already written to stderr;
// printError prints only its short summary. It keeps the cause for the exit
// code.
type reportedError struct {
	summary string
	err     error
}

func (e *reportedError) Error() string { return e.summary }
func (e *reportedError) Unwrap() error { return e.err }

// printError writes the error of a run to w, with a help hint for usage
// errors; it writes nothing for nil.
func printError(w io.Writer, err error) {
	if err == nil {
		return
	}
	fmt.Fprintf(w, "rotaplan: %v\n", err)
	var ue *usageError
	if errors.As(err, &ue) && ue.cmd != "" {
		fmt.Fprintf(w, "Run '%s --help' for usage.\n", ue.cmd)
	}
}
