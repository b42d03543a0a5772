package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/rotaplan/rotaplan/model"
)

// stopSignals stop a run the way Ctrl-C does: the search ends, the best
// plan so far is written and the exit code is 130. SIGTERM comes from a
// service manager or kill, SIGHUP from a closed terminal.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

func main() {
	// A bug is a failure (1), never bad input (2), and shows no stack trace.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "rotaplan: internal error: %s\n", model.MaskIDNumbers(fmt.Sprint(r)))
			os.Exit(exitFailure)
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	// After the first signal a second one kills the process at once.
	context.AfterFunc(ctx, stop)
	stdout, stderr := newMaskingWriter(os.Stdout), newMaskingWriter(os.Stderr)
	err := newRootCmd(IOStreams{In: os.Stdin, Out: stdout, ErrOut: stderr}).ExecuteContext(ctx)
	code := exitCode(ctx, err)
	printError(stderr, err)
	stop()
	if ferr := stdout.Flush(); ferr != nil && code == exitOK {
		code = exitFailure
	}
	_ = stderr.Flush()
	os.Exit(code)
}

// Exit codes of the command.
const (
	exitOK          = 0
	exitFailure     = 1
	exitBadInput    = 2 // the dataset or the command line is wrong
	exitInterrupted = 130
)

// exitCode maps the outcome of a command to the process exit code; it is
// the only place that does.
func exitCode(ctx context.Context, err error) int {
	var inputErr *model.InputError
	var usageErr *usageError
	switch {
	case err == nil:
		return exitOK
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &inputErr), errors.As(err, &usageErr):
		return exitBadInput
	}
	return exitFailure
}
