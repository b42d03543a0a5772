package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/rotaplan/rotaplan/model"
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

// bilingualError is a message in Chinese followed by the English one in
// parentheses, as rotaplan writes all its messages. It wraps the error it
// explains, if any.
type bilingualError struct {
	zh, en string
	err    error
}

func (e *bilingualError) Error() string { return e.zh + " (" + e.en + ")" }
func (e *bilingualError) Unwrap() error { return e.err }

// argNames names the placeholders of positional arguments in the Use lines
// of the commands, in Chinese and in English, for the messages about a
// missing argument. A placeholder with alternatives, such as
// DIR|SCENARIO.toml, is named by its parts.
var argNames = map[string]struct{ zh, en string }{
	"DIR":           {"数据文件夹", "dataset folder"},
	"SCENARIO.toml": {"情景文件", "scenario file"},
	"NAME":          {"用户名", "user name"},
}

// usageArgs wraps a cobra argument validator: its errors become usage
// errors that name the missing or the unexpected argument, and an argument
// of a command with subcommands is an unknown command, with suggestions.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		err := check(c, args)
		if err == nil {
			return nil
		}
		if c.HasAvailableSubCommands() && len(args) > 0 {
			return unknownCommand(c, args[0])
		}
		return &usageError{cmd: c.CommandPath(), err: argsError(c, args, err)}
	}
}

// argsError explains err, the complaint of a validator about args, with the
// positional arguments that the Use line of c names.
func argsError(c *cobra.Command, args []string, err error) error {
	names, variadic := positionals(c.Use)
	switch {
	case len(args) < len(names):
		name := names[len(args)]
		zh, en := describeArg(name)
		return &bilingualError{zh: "缺少" + zh + " " + name, en: "missing " + en, err: err}
	case len(names) == 0 && len(args) > 0:
		return &bilingualError{
			zh:  "多余的参数 " + quote(args[0]) + "，" + c.CommandPath() + " 不接受参数",
			en:  "unexpected argument " + quote(args[0]) + "; " + c.CommandPath() + " takes no arguments",
			err: err,
		}
	case !variadic && len(args) > len(names):
		want := strings.Join(names, " ")
		return &bilingualError{
			zh:  "多余的参数 " + quote(args[len(names)]) + "，" + c.CommandPath() + " 只接受 " + want,
			en:  "unexpected argument " + quote(args[len(names)]) + "; " + c.CommandPath() + " takes only " + want,
			err: err,
		}
	}
	return err
}

// positionals returns the placeholders of the positional arguments in a Use
// line such as "score DIR --plan PLAN.csv" (DIR) or "run SCENARIO.toml..."
// (SCENARIO.toml, repeatable): the words after the command name up to the
// first flag or optional part.
func positionals(use string) (names []string, variadic bool) {
	words := strings.Fields(use)
	for _, w := range words[min(1, len(words)):] {
		if strings.HasPrefix(w, "-") || strings.HasPrefix(w, "[") {
			break
		}
		if name, ok := strings.CutSuffix(w, "..."); ok {
			return append(names, name), true
		}
		names = append(names, w)
	}
	return names, false
}

// describeArg names the placeholder name in Chinese and in English: "DIR"
// is 数据文件夹 and dataset folder; an unknown one is 参数 NAME and argument
// NAME.
func describeArg(name string) (zh, en string) {
	var zhs, ens []string
	for _, part := range strings.Split(name, "|") {
		n, ok := argNames[part]
		if !ok {
			return "参数", "argument " + name
		}
		zhs, ens = append(zhs, n.zh), append(ens, n.en)
	}
	return strings.Join(zhs, "或"), strings.Join(ens, " or ")
}

// flagError is cobra's FlagErrorFunc: flag parsing errors are usage errors,
// told in both languages, with the flags of c close to an unknown one.
func flagError(c *cobra.Command, err error) error {
	return &usageError{cmd: c.CommandPath(), err: explainFlagError(c, err)}
}

func explainFlagError(c *cobra.Command, err error) error {
	var (
		notExist  *pflag.NotExistError
		noValue   *pflag.ValueRequiredError
		badValue  *pflag.InvalidValueError
		badSyntax *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &notExist):
		typed := "--" + notExist.GetSpecifiedName()
		if s := notExist.GetSpecifiedShortnames(); s != "" {
			// -threads is read as the shorthands -t -h -r …; the whole word
			// may be a long flag typed with one dash.
			typed = "-" + s
		}
		zh, en := "未知选项 "+typed, err.Error()
		if s := suggestFlags(c, strings.TrimLeft(typed, "-")); len(s) > 0 {
			zh += "，是否要用 " + strings.Join(s, " 或 ") + "？"
			en += "; did you mean " + strings.Join(s, " or ") + "?"
		}
		return &bilingualError{zh: zh, en: en, err: err}
	case errors.As(err, &noValue):
		return &bilingualError{zh: "选项 --" + noValue.GetFlag().Name + " 缺少取值", en: err.Error(), err: err}
	case errors.As(err, &badValue):
		zh := "选项 --" + badValue.GetFlag().Name + " 的取值 " + quote(badValue.GetValue()) + " 无效"
		var enum *enumError
		if errors.As(err, &enum) {
			zh += "，可选 " + strings.Join(enum.allowed, ", ")
		}
		return &bilingualError{zh: zh, en: err.Error(), err: err}
	case errors.As(err, &badSyntax):
		return &bilingualError{zh: "选项格式有误 " + badSyntax.GetSpecifiedFlag(), en: err.Error(), err: err}
	}
	return &bilingualError{zh: "命令行选项有误", en: err.Error(), err: err}
}

// suggestFlags returns, as --name, up to three flags of c whose names are
// within two edits of typed or start with it, closest first; none for a
// typed name of one letter.
func suggestFlags(c *cobra.Command, typed string) []string {
	if len([]rune(typed)) < 2 {
		return nil
	}
	type candidate struct {
		name string
		dist int
	}
	var found []candidate
	typed = strings.ToLower(typed)
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		d := model.EditDistance(typed, strings.ToLower(f.Name))
		if d <= 2 || strings.HasPrefix(strings.ToLower(f.Name), typed) {
			found = append(found, candidate{f.Name, d})
		}
	})
	slices.SortFunc(found, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), strings.Compare(a.name, b.name))
	})
	var names []string
	for _, f := range found[:min(3, len(found))] {
		names = append(names, "--"+f.name)
	}
	return names
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
	var reported *reportedError
	if errors.Is(err, context.Canceled) && !errors.As(err, &reported) {
		// An interrupt (Ctrl-C, SIGTERM) that stopped the run before it
		// wrote anything: Go's "context canceled" says nothing to a planner.
		fmt.Fprintln(w, "rotaplan: 已中断 (interrupted)")
		return
	}
	fmt.Fprintf(w, "rotaplan: %v\n", err)
	var ue *usageError
	if errors.As(err, &ue) && ue.cmd != "" {
		fmt.Fprintf(w, "用法见 '%[1]s --help' (Run '%[1]s --help' for usage.)\n", ue.cmd)
	}
}
