package main

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tests of this package read English help unless they choose a
// language, whatever the locale of the machine that runs them.
func init() {
	os.Setenv("LC_ALL", "C")
}

// setLocale sets LC_ALL, LC_MESSAGES and LANG for the test; a missing key
// is set empty, which counts as unset.
func setLocale(t *testing.T, env map[string]string) {
	t.Helper()
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		t.Setenv(k, env[k])
	}
}

// newTestRoot is the command tree as the tests' run builds it.
func newTestRoot() *cobra.Command {
	var out, errOut bytes.Buffer
	return newRootCmd(IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
}

func TestHelpLanguage(t *testing.T) {
	tests := []struct {
		name   string
		flag   string
		env    map[string]string
		system string
		want   string
	}{
		{"nothing set", "", nil, "", langEN},
		{"LANG Chinese", "", map[string]string{"LANG": "zh_CN.UTF-8"}, "", langZH},
		{"LANG Taiwan", "", map[string]string{"LANG": "zh_TW.Big5"}, "", langZH},
		{"LANG English", "", map[string]string{"LANG": "en_US.UTF-8"}, "", langEN},
		{"LANG C", "", map[string]string{"LANG": "C"}, "", langEN},
		{"LC_MESSAGES before LANG", "", map[string]string{"LC_MESSAGES": "zh_CN.GB18030", "LANG": "en_US.UTF-8"}, "", langZH},
		{"LC_ALL before the others", "", map[string]string{"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"}, "", langEN},
		{"flag before the locale", langEN, map[string]string{"LANG": "zh_CN.UTF-8"}, "zh-CN", langEN},
		{"flag Chinese", langZH, nil, "", langZH},
		{"Windows display language", "", nil, "zh-CN", langZH},
		{"Windows English", "", nil, "en-US", langEN},
		{"locale before the display language", "", map[string]string{"LANG": "en_US.UTF-8"}, "zh-CN", langEN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string { return tt.env[k] }
			system := func() string { return tt.system }
			got := helpLanguage(tt.flag, getenv, system)
			assert.Equal(t, tt.want, got, "got %s, want %s", got, tt.want)
		})
	}
}

func TestHelp(t *testing.T) {
	zhCheck, zhPlan := zhHelp["rotaplan check"], zhHelp["rotaplan plan"]
	const enCheck, enPlan = "Check a county dataset and summarise it", "Generate the rotation plan of a county"
	zhLocale := map[string]string{"LANG": "zh_CN.UTF-8"}
	zhWords := []string{"用法：", "可用命令：", "选项：", zhCheck.Short, zhPlan.Short, `运行 "rotaplan [command] --help"`}
	enWords := []string{"Usage:", "Available Commands:", "Flags:", enCheck, enPlan, `Use "rotaplan [command] --help"`}
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		want    []string
		notWant []string
	}{
		{"root --help-lang zh", nil, []string{"--help-lang", "zh"}, zhWords, enWords},
		{"root --help-lang en in a Chinese locale", zhLocale, []string{"--help-lang", "en", "--help"}, enWords, zhWords},
		{"root LANG=zh_CN.UTF-8", zhLocale, []string{"--help"}, zhWords, enWords},
		{"root LC_MESSAGES Chinese", map[string]string{"LC_MESSAGES": "zh_CN.GB18030"}, []string{"-h"}, zhWords, enWords},
		{"root LC_ALL English before LANG", map[string]string{"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, []string{"--help"}, enWords, zhWords},
		{"root LANG=C", map[string]string{"LANG": "C"}, nil, enWords, zhWords},
		{
			"check zh", nil, []string{"check", "--help", "--help-lang", "zh"},
			[]string{"用法：", "示例：", "选项：", "全局选项：", "check 读取 DIR 中的县域数据", "# 检查示例县的数据",
				zhCheck.Flags["json"], "CSV 文件的文本编码：auto, utf-8, gbk", "(默认 auto)", "显示 check 的帮助", "帮助的语言：zh, en"},
			[]string{"Usage:", "Examples:", "Flags:", "Global Flags:", "(default", "help for check"},
		},
		{
			"check en", zhLocale, []string{"--help-lang=en", "check", "--help"},
			[]string{"Usage:", "Examples:", "Flags:", "Global Flags:", "Check reads the county dataset in DIR",
				"print the summary and the problems as JSON", "(default auto)", "help for check", "language of the help: zh, en"},
			[]string{"用法：", "示例：", "选项：", zhCheck.Flags["json"]},
		},
		{
			"plan zh default values", zhLocale, []string{"plan", "--help"},
			[]string{zhPlan.Flags["threads"], "搜索的随机种子 (默认 1)", "(默认 1m0s)"},
			[]string{"(default"},
		},
		{
			"help command zh", nil, []string{"help", "scenario", "run", "--help-lang", "zh"},
			[]string{"run 用 --threads 个工作线程", "示例：", zhHelp["rotaplan scenario run"].Flags["threads"]},
			[]string{"Examples:"},
		},
		{
			"scenario without a subcommand zh", zhLocale, []string{"scenario"},
			[]string{"scenario 运行一个县的各种假设情景", "可用命令：", zhHelp["rotaplan scenario run"].Short},
			[]string{"Available Commands:"},
		},
		{
			"completion zh", zhLocale, []string{"completion", "powershell", "--help"},
			[]string{"生成 PowerShell 的自动补全脚本", zhNoDesc},
			[]string{"Generate the autocompletion script"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setLocale(t, tt.env)
			r := run(t, tt.args...)
			require.Equal(t, exitOK, r.code, "got exit %d, want 0; stderr:\n%s", r.code, r.stderr)
			for _, s := range tt.want {
				assert.Contains(t, r.stdout, s)
			}
			for _, s := range tt.notWant {
				assert.NotContains(t, r.stdout, s)
			}
		})
	}
}

// TestRootHelpListsEveryCommand checks that the help of rotaplan names
// every command with its short description, in both languages.
func TestRootHelpListsEveryCommand(t *testing.T) {
	for _, lang := range helpLangs {
		t.Run(lang, func(t *testing.T) {
			r := run(t, "--help-lang", lang)
			require.Equal(t, exitOK, r.code)
			root := newTestRoot()
			n := 0
			for _, c := range root.Commands() {
				if !c.IsAvailableCommand() && c.Name() != "help" {
					continue
				}
				short := c.Short
				if lang == langZH {
					short = zhHelp[c.CommandPath()].Short
				}
				assert.Regexp(t, `\n  `+c.Name()+` +`+regexp.QuoteMeta(short)+`\n`, r.stdout)
				n++
			}
			assert.GreaterOrEqual(t, n, 10, "got %d commands, want the 8 of rotaplan, help and completion", n)
		})
	}
}

// TestHelpTranslations fails when a command or a flag has no Chinese help,
// or zhHelp names one that does not exist, so that a new command or flag
// cannot forget its translation.
func TestHelpTranslations(t *testing.T) {
	root := newTestRoot()
	seen := make(map[string]bool)
	walk(root, func(c *cobra.Command) {
		path := c.CommandPath()
		seen[path] = true
		t.Run(path, func(t *testing.T) {
			zh, ok := zhHelp[path]
			require.True(t, ok, "zhHelp has no entry %q", path)
			assert.NotEmpty(t, zh.Short, "no Chinese Short")
			if c.Long != "" {
				assert.NotEmpty(t, zh.Long, "no Chinese Long")
			}
			for _, name := range longNames.FindAllString(c.Long, -1) {
				assert.Contains(t, zh.Long, name, "the Chinese Long does not mention %s, which the English one does", name)
			}
			if c.Example != "" {
				assert.Equal(t, exampleCommands(c.Example), exampleCommands(zh.Example),
					"the Chinese example runs other commands than the English one")
			}
			c.LocalFlags().VisitAll(func(f *pflag.Flag) {
				if f.Name == "help" {
					return
				}
				usage, ok := zh.Flags[f.Name]
				if !assert.True(t, ok, "no Chinese usage of --%s", f.Name) {
					return
				}
				assert.NotContains(t, usage, "`", "--%s: a back quote would change the value name pflag shows", f.Name)
				if e, ok := f.Value.(*enumValue); ok {
					for _, v := range e.allowed {
						assert.Contains(t, withValues(usage, f), v, "--%s: the Chinese usage does not list %s", f.Name, v)
					}
				}
			})
			for name := range zh.Flags {
				assert.NotNil(t, c.LocalFlags().Lookup(name), "zhHelp has a usage of --%s, which %s lacks", name, path)
			}
			names, _ := positionals(c.Use)
			for _, name := range names {
				for _, part := range strings.Split(name, "|") {
					_, ok := argNames[part]
					assert.True(t, ok, "argNames does not name the argument %s", part)
				}
			}
		})
	})
	for path := range zhHelp {
		assert.True(t, seen[path], "zhHelp has an entry %q, which is no command", path)
	}
}

// longNames matches the flags and file names a Long text mentions, which
// its translation must mention too.
var longNames = regexp.MustCompile(`--[a-z][a-z0-9-]*|\b[A-Za-z_][\w./-]*\.(?:csv|xlsx|json|txt|toml|html|lp|mps|sol)\b`)

// exampleCommands are the command lines of an Example text, without their
// comments.
func exampleCommands(example string) []string {
	var lines []string
	for _, l := range strings.Split(example, "\n") {
		cmd, _, _ := strings.Cut(l, " # ")
		lines = append(lines, strings.TrimSpace(cmd))
	}
	return lines
}

func TestArgsMessages(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"check without a folder", []string{"check"}, "缺少数据文件夹 DIR (missing dataset folder)"},
		{"plan without a folder", []string{"plan", "--seed", "3"}, "缺少数据文件夹 DIR (missing dataset folder)"},
		{"score without a folder", []string{"score", "--plan", "a.csv"}, "缺少数据文件夹 DIR (missing dataset folder)"},
		{"export without a folder", []string{"export", "-o", "x.lp"}, "缺少数据文件夹 DIR (missing dataset folder)"},
		{"roadmap without a folder or scenario", []string{"roadmap"},
			"缺少数据文件夹或情景文件 DIR|SCENARIO.toml (missing dataset folder or scenario file)"},
		{"scenario run without a file", []string{"scenario", "run"}, "缺少情景文件 SCENARIO.toml (missing scenario file)"},
		{"check with two folders", []string{"check", "a", "b"},
			`多余的参数 "b"，rotaplan check 只接受 DIR (unexpected argument "b"; rotaplan check takes only DIR)`},
		{"gen with an argument", []string{"gen", "--out", "x", "extra"},
			`多余的参数 "extra"，rotaplan gen 不接受参数 (unexpected argument "extra"; rotaplan gen takes no arguments)`},
		{"version with an argument", []string{"version", "x"}, `多余的参数 "x"`},
		{"completion bash with an argument", []string{"completion", "bash", "x"}, `多余的参数 "x"`},
		{"mistyped command", []string{"chek", "x"},
			`未知命令 "chek"，是否要用 check？ (unknown command "chek" for "rotaplan"; did you mean check?)`},
		{"mistyped subcommand", []string{"scenario", "rn", "a.toml"},
			`未知命令 "rn"，是否要用 run？ (unknown command "rn" for "rotaplan scenario"; did you mean run?)`},
		{"unknown command", []string{"publish"}, `未知命令 "publish" (unknown command "publish" for "rotaplan")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.args...)
			assert.Equal(t, exitBadInput, r.code, "got exit %d, want 2", r.code)
			assert.Contains(t, r.stderr, "rotaplan: "+tt.want)
			assert.Contains(t, r.stderr, "--help' for usage.")
			assert.NotContains(t, r.stderr, "arg(s)")
		})
	}
}

func TestSuggestFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    string
		notWant string
	}{
		{"one letter off", []string{"plan", sampleCounty, "--tread", "2"},
			"未知选项 --tread，是否要用 --threads？ (unknown flag: --tread; did you mean --threads?)", ""},
		{"missing letter", []string{"check", "--jsn", sampleCounty}, "did you mean --json?", ""},
		{"prefix", []string{"plan", sampleCounty, "--pseudo"}, "did you mean --pseudonymize?", ""},
		{"upper case", []string{"gen", "--SEED", "2"}, "did you mean --seed?", ""},
		{"inherited flag", []string{"check", "--help-lan", "zh"}, "did you mean --help-lang?", ""},
		{"one dash", []string{"plan", sampleCounty, "-threads", "2"},
			"未知选项 -threads，是否要用 --threads？ (unknown shorthand flag: 't' in -threads; did you mean --threads?)", ""},
		{"several", []string{"score", sampleCounty, "--forc"}, "did you mean --force?", ""},
		{"nothing close", []string{"check", "--colour", sampleCounty}, "未知选项 --colour (unknown flag: --colour)\n", "did you mean"},
		{"one letter", []string{"check", "-x", sampleCounty}, "unknown shorthand flag: 'x' in -x", "did you mean"},
		{"bad value", []string{"gen", "--size", "huge"},
			`选项 --size 的取值 "huge" 无效，可选 small, county, large, prefecture`, ""},
		{"no value", []string{"plan", sampleCounty, "--out"}, "选项 --out 缺少取值 (flag needs an argument: --out)", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.args...)
			assert.Equal(t, exitBadInput, r.code, "got exit %d, want 2", r.code)
			assert.Contains(t, r.stderr, tt.want)
			if tt.notWant != "" {
				assert.NotContains(t, r.stderr, tt.notWant)
			}
		})
	}
}

func TestSuggestFlagsOrder(t *testing.T) {
	c := &cobra.Command{Use: "x"}
	for _, name := range []string{"time", "tide", "threads", "timeout", "title"} {
		c.Flags().Bool(name, false, "")
	}
	got := suggestFlags(c, "tim")
	want := []string{"--time", "--tide", "--timeout"}
	assert.Equal(t, want, got, "got %v, want %v", got, want)
}

func TestVersionFlag(t *testing.T) {
	want := fmt.Sprintf("rotaplan dev (%s %s/%s)\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	for _, args := range [][]string{{"--version"}, {"version"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := run(t, args...)
			require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
			assert.Equal(t, want, r.stdout)
		})
	}
}

func TestCompletion(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"bash", []string{"completion", "bash"}, []string{"# bash completion V2 for rotaplan", "__start_rotaplan"}},
		{"zsh", []string{"completion", "zsh"}, []string{"#compdef rotaplan"}},
		{"fish", []string{"completion", "fish"}, []string{"complete -c rotaplan"}},
		{"powershell", []string{"completion", "powershell"}, []string{"Register-ArgumentCompleter", "rotaplan"}},
		{"commands", []string{"__complete", "sc"}, []string{"scenario\tRun and compare", "score\tScore a plan"}},
		{"flags", []string{"__complete", "plan", "x", "--thr"}, []string{"--threads\tparallel search threads"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.args...)
			require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
			for _, s := range tt.want {
				assert.Contains(t, r.stdout, s)
			}
		})
	}
}

// TestCompletionChinese checks that in a Chinese locale the shell offers
// the Chinese descriptions of commands and flags.
func TestCompletionChinese(t *testing.T) {
	setLocale(t, map[string]string{"LANG": "zh_CN.UTF-8"})
	r := run(t, "__complete", "plan", "x", "--thr")
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	assert.Contains(t, r.stdout, "--threads\t"+zhHelp["rotaplan plan"].Flags["threads"])
	r = run(t, "__complete", "sc")
	assert.Contains(t, r.stdout, "scenario\t"+zhHelp["rotaplan scenario"].Short)
}
