package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// result is what one run of the command tree produced.
type result struct {
	stdout, stderr string
	code           int
	err            error
}

// run executes rotaplan with args as main does, without a terminal.
func run(t *testing.T, args ...string) result {
	t.Helper()
	return runContext(t, context.Background(), args...)
}

func runContext(t *testing.T, ctx context.Context, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	root := newRootCmd(IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	printError(&errOut, err)
	return result{stdout: out.String(), stderr: errOut.String(), code: exitCode(ctx, err), err: err}
}
