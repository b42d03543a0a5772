package main

import (
	"io"
	"os"
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

// newRootCmd builds the rotaplan command tree. Its help is in the language
// of --help-lang, else of the locale (see helpLanguage).
func newRootCmd(ios IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "rotaplan",
		Short: "Plan a county's teacher rotation (县域教师交流轮岗方案)",
		Long: `rotaplan plans the yearly teacher rotation (交流轮岗) of a county's
compulsory-education schools: it checks the school and teacher rosters,
plans who moves where, scores a plan (one edited by hand too), exports the
planning model for exact solvers, compares what-if scenarios and chains
yearly plans into a roadmap.

Help is in Chinese when the locale (LC_ALL, else LC_MESSAGES, else LANG;
on Windows without them, the display language) is Chinese, in English
otherwise; --help-lang zh or en chooses.

Exit codes: 0 success, 1 failure, 2 bad input or usage, 130 interrupted.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error {
			return c.Help()
		},
		Version:                    versionLine(),
		SilenceErrors:              true,
		SilenceUsage:               true,
		SuggestionsMinimumDistance: 2,
	}
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.SetFlagErrorFunc(flagError)
	root.SetVersionTemplate("{{.Version}}\n")

	var helpLang string
	root.PersistentFlags().Var(newEnum(&helpLang, "", helpLangs...), "help-lang",
		"language of the help: zh, en (default from LC_ALL, LC_MESSAGES or LANG, else the system language)")
	root.Flags().Bool("version", false, "print the version of rotaplan, as rotaplan version does")

	root.AddCommand(
		newCheckCmd(&checkOptions{IO: ios}),
		newPlanCmd(&planOptions{IO: ios}),
		newScoreCmd(&scoreOptions{IO: ios}),
		newExplainCmd(&explainOptions{IO: ios}),
		newExportCmd(&exportOptions{IO: ios}),
		newGenCmd(&genOptions{IO: ios}),
		newScenarioCmd(&scenarioOptions{IO: ios}),
		newRoadmapCmd(&roadmapOptions{IO: ios}),
		newServeCmd(&serveOptions{IO: ios}),
		newVersionCmd(&versionOptions{IO: ios}),
	)
	// Cobra adds its help and completion commands when the tree runs; made
	// now, they get their Chinese help like every other command.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			for _, shell := range c.Commands() {
				shell.Args = usageArgs(cobra.NoArgs)
			}
		}
	}

	h := newHelpTexts(root)
	h.apply(helpLanguage("", os.Getenv, systemLanguage))
	root.SetHelpFunc(func(c *cobra.Command, _ []string) {
		lang := helpLanguage(helpLang, os.Getenv, systemLanguage)
		h.apply(lang)
		if err := writeHelp(c.OutOrStdout(), c, lang); err != nil {
			c.PrintErrln(err)
		}
	})
	root.SetUsageFunc(func(c *cobra.Command) error {
		return writeUsage(c.OutOrStderr(), c, h.lang)
	})
	return root
}

// unknownCommand is the usage error of a command c that has no subcommand
// name, with the names close to it.
func unknownCommand(c *cobra.Command, name string) error {
	if c.SuggestionsMinimumDistance <= 0 {
		c.SuggestionsMinimumDistance = 2
	}
	zh := "未知命令 " + quote(name)
	en := "unknown command " + quote(name) + " for " + quote(c.CommandPath())
	if s := c.SuggestionsFor(name); len(s) > 0 {
		zh += "，是否要用 " + strings.Join(s, " 或 ") + "？"
		en += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return &usageError{cmd: c.CommandPath(), err: &bilingualError{zh: zh, en: en}}
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
