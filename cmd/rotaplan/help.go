package main

import (
	"cmp"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The help of every command is in English or in Chinese. The English texts
// are the Short, Long, Example and flag usages the constructors write; the
// Chinese ones are in zhHelp (help_zh.go), keyed by command path and flag
// name, so a command's file holds one language only.

// Languages of the help.
const (
	langZH = "zh"
	langEN = "en"
)

// helpLangs are the values of --help-lang.
var helpLangs = []string{langZH, langEN}

// helpLanguage is the language of the help: flag (the value of --help-lang)
// when set; else zh when the first set of LC_ALL, LC_MESSAGES and LANG
// starts with zh, en when it is anything else; else, with none set, zh when
// the system language (the display language on Windows, see
// systemLanguage) starts with zh; else en.
func helpLanguage(flag string, getenv func(string) string, system func() string) string {
	if flag != "" {
		return flag
	}
	isZH := func(locale string) bool { return strings.HasPrefix(strings.ToLower(locale), "zh") }
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			if isZH(v) {
				return langZH
			}
			return langEN
		}
	}
	if isZH(system()) {
		return langZH
	}
	return langEN
}

// helpText is the help of one command in one language.
type helpText struct {
	Short, Long, Example string
	// Flags are the usages of the command's own flags (not the inherited
	// ones) by flag name. The help flag cobra adds is translated by
	// zhHelpFlag and needs no entry.
	Flags map[string]string
}

// helpHeadings are the fixed words of a help page.
type helpHeadings struct {
	Usage, Aliases, Examples, Commands, Flags, GlobalFlags, Topics string
	// More ends the page of a command with subcommands; %s is its path.
	More string
	// Default starts the default value pflag appends to a flag usage.
	Default string
}

var enHeadings = helpHeadings{
	Usage:       "Usage:",
	Aliases:     "Aliases:",
	Examples:    "Examples:",
	Commands:    "Available Commands:",
	Flags:       "Flags:",
	GlobalFlags: "Global Flags:",
	Topics:      "Additional help topics:",
	More:        `Use "%s [command] --help" for more information about a command.`,
	Default:     " (default ",
}

// headings returns the fixed words of the help in lang.
func headings(lang string) helpHeadings {
	if lang == langZH {
		return zhHeadings
	}
	return enHeadings
}

// helpTexts switches the help of a command tree between English and
// Chinese.
type helpTexts struct {
	en   map[*cobra.Command]helpText // as the constructors wrote it
	lang string                      // the language applied last
}

// newHelpTexts records the English help of every command of the tree of
// root, adding cobra's help flag to each so that it can be translated too.
func newHelpTexts(root *cobra.Command) *helpTexts {
	h := &helpTexts{en: make(map[*cobra.Command]helpText), lang: langEN}
	walk(root, func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		t := helpText{Short: c.Short, Long: c.Long, Example: c.Example, Flags: make(map[string]string)}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) { t.Flags[f.Name] = f.Usage })
		h.en[c] = t
	})
	return h
}

// apply sets the help texts of every recorded command to lang. A text
// missing from zhHelp stays English.
func (h *helpTexts) apply(lang string) {
	for c, en := range h.en {
		t := en
		if lang == langZH {
			t = chinese(c, en)
		}
		c.Short, c.Long, c.Example = t.Short, t.Long, t.Example
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if u, ok := t.Flags[f.Name]; ok {
				f.Usage = withValues(u, f)
			}
		})
	}
	h.lang = lang
}

// valuesMark in a flag usage of zhHelp stands for the values of an enum
// flag, so that the text follows the list the command allows.
const valuesMark = "{values}"

// withValues replaces valuesMark in usage with the values f allows.
func withValues(usage string, f *pflag.Flag) string {
	if e, ok := f.Value.(*enumValue); ok {
		return strings.ReplaceAll(usage, valuesMark, strings.Join(e.allowed, ", "))
	}
	return usage
}

// chinese is the Chinese help of c, whose English help is en.
func chinese(c *cobra.Command, en helpText) helpText {
	zh := zhHelp[c.CommandPath()]
	t := helpText{
		Short:   cmp.Or(zh.Short, en.Short),
		Long:    cmp.Or(zh.Long, en.Long),
		Example: cmp.Or(zh.Example, en.Example),
		Flags:   make(map[string]string, len(en.Flags)),
	}
	for name, usage := range en.Flags {
		t.Flags[name] = cmp.Or(zh.Flags[name], usage)
	}
	if _, ok := en.Flags["help"]; ok {
		t.Flags["help"] = fmt.Sprintf(zhHelpFlag, c.Name())
	}
	return t
}

// walk calls fn on c and on every command below it, parents first.
func walk(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, sub := range c.Commands() {
		walk(sub, fn)
	}
}

// writeHelp writes the help page of c in lang: its long description, then
// its usage.
func writeHelp(w io.Writer, c *cobra.Command, lang string) error {
	text := strings.TrimRightFunc(cmp.Or(c.Long, c.Short), unicode.IsSpace)
	if text != "" {
		if _, err := fmt.Fprintf(w, "%s\n\n", text); err != nil {
			return err
		}
	}
	if !c.Runnable() && !c.HasSubCommands() {
		return nil
	}
	return writeUsage(w, c, lang)
}

// writeUsage writes the usage of c in lang, laid out as cobra's default
// usage template. Command groups are not used: every subcommand is listed
// under one heading.
func writeUsage(w io.Writer, c *cobra.Command, lang string) error {
	hd := headings(lang)
	var b strings.Builder
	b.WriteString(hd.Usage)
	if c.Runnable() {
		fmt.Fprintf(&b, "\n  %s", c.UseLine())
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\n  %s [command]", c.CommandPath())
	}
	if len(c.Aliases) > 0 {
		fmt.Fprintf(&b, "\n\n%s\n  %s", hd.Aliases, c.NameAndAliases())
	}
	if c.HasExample() {
		fmt.Fprintf(&b, "\n\n%s\n%s", hd.Examples, c.Example)
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\n\n%s", hd.Commands)
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				fmt.Fprintf(&b, "\n  %-*s %s", sub.NamePadding(), sub.Name(), sub.Short)
			}
		}
	}
	if c.HasAvailableLocalFlags() {
		fmt.Fprintf(&b, "\n\n%s\n%s", hd.Flags, flagUsages(c.LocalFlags(), hd))
	}
	if c.HasAvailableInheritedFlags() {
		fmt.Fprintf(&b, "\n\n%s\n%s", hd.GlobalFlags, flagUsages(c.InheritedFlags(), hd))
	}
	if c.HasHelpSubCommands() {
		fmt.Fprintf(&b, "\n\n%s", hd.Topics)
		for _, sub := range c.Commands() {
			if sub.IsAdditionalHelpTopicCommand() {
				fmt.Fprintf(&b, "\n  %-*s %s", sub.CommandPathPadding(), sub.CommandPath(), sub.Short)
			}
		}
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\n" + fmt.Sprintf(hd.More, c.CommandPath()))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// flagUsages is pflag's table of the flags of fs with the default values
// introduced in the words of hd.
func flagUsages(fs *pflag.FlagSet, hd helpHeadings) string {
	lines := strings.Split(strings.TrimRightFunc(fs.FlagUsages(), unicode.IsSpace), "\n")
	if hd.Default != enHeadings.Default {
		for i, l := range lines {
			if j := strings.LastIndex(l, enHeadings.Default); j >= 0 && strings.HasSuffix(l, ")") {
				lines[i] = l[:j] + hd.Default + l[j+len(enHeadings.Default):]
			}
		}
	}
	return strings.Join(lines, "\n")
}
