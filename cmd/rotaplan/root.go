package main

import (
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// IOStreams are the standard streams of a command; tests pass buffers.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer // data
	ErrOut io.Writer // problems, progress, help hints
}

// newRootCmd builds the rotaplan command tree.
func newRootCmd(ios IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "rotaplan",
		Short: "Plan a county's teacher rotation (县域教师交流轮岗方案)",
		Long: `rotaplan plans the yearly teacher rotation (交流轮岗) of a county's
compulsory-education schools: it checks the school and teacher rosters,
shows where the county stands on the rotation quota, and generates
synthetic counties for trials.

Exit codes: 0 success, 1 failure, 2 bad input or usage, 130 interrupted.`,
		Args: usageArgs(func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommand(c, args[0])
			}
			return nil
		}),
		RunE: func(c *cobra.Command, _ []string) error {
			return c.Help()
		},
		SilenceErrors:              true,
		SilenceUsage:               true,
		CompletionOptions:          cobra.CompletionOptions{DisableDefaultCmd: true},
		SuggestionsMinimumDistance: 2,
	}
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.SetFlagErrorFunc(flagError)

	root.AddCommand(
		newCheckCmd(&checkOptions{IO: ios}),
		newPlanCmd(&planOptions{IO: ios}),
		newScoreCmd(&scoreOptions{IO: ios}),
		newExportCmd(&exportOptions{IO: ios}),
		newGenCmd(&genOptions{IO: ios}),
		newScenarioCmd(&scenarioOptions{IO: ios}),
		newRoadmapCmd(&roadmapOptions{IO: ios}),
		newVersionCmd(&versionOptions{IO: ios}),
	)
	return root
}

func unknownCommand(c *cobra.Command, name string) error {
	msg := "unknown command " + quote(name) + " for " + quote(c.CommandPath())
	if s := c.SuggestionsFor(name); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return usageErrorf(c, "%s", msg)
}

func quote(s string) string { return `"` + s + `"` }

// enumValue is a string flag restricted to a list of values; the list shows
// in the help text and in the error for a bad value.
type enumValue struct {
	value   *string
	allowed []string
}

var _ pflag.Value = (*enumValue)(nil)

// newEnum returns a flag value that holds def until set.
func newEnum(p *string, def string, allowed ...string) *enumValue {
	*p = def
	return &enumValue{value: p, allowed: allowed}
}

func (e *enumValue) String() string { return *e.value }

func (e *enumValue) Set(v string) error {
	for _, a := range e.allowed {
		if strings.EqualFold(v, a) {
			*e.value = a
			return nil
		}
	}
	return &enumError{got: v, allowed: e.allowed}
}

// Type is the placeholder help shows after the flag name.
func (e *enumValue) Type() string { return strings.Join(e.allowed, "|") }

type enumError struct {
	got     string
	allowed []string
}

func (e *enumError) Error() string {
	return "got " + quote(e.got) + ", want one of " + strings.Join(e.allowed, ", ")
}

// checkThreads refuses a --threads outside 1 to 256.
func checkThreads(c *cobra.Command, n int) error {
	if n < 1 || n > 256 {
		return usageErrorf(c, "--threads: got %d, want 1 to 256", n)
	}
	return nil
}

// checkIterations refuses a negative --iterations; 0 is the default budget.
func checkIterations(c *cobra.Command, n int64) error {
	if n < 0 {
		return usageErrorf(c, "--iterations: got %d, want 0 (the default budget) or more", n)
	}
	return nil
}
