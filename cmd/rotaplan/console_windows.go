//go:build windows

package main

import (
	"github.com/spf13/cobra"
	"golang.org/x/sys/windows"
)

// On Windows the console needs no set-up for Chinese: Go writes to a
// console handle with WriteConsoleW, turning rotaplan's UTF-8 into UTF-16,
// so the text shows right whatever the console code page (936 on Chinese
// Windows). Output redirected to a file or a pipe stays UTF-8 bytes.
// Re-encoding the console output as GBK would garble it, because the
// console writer decodes what it is given as UTF-8.

// A double-click in File Explorer starts rotaplan in a console of its own
// that closes when it exits; cobra then shows this note instead of running
// and waits for Enter, so that it can be read.
func init() {
	cobra.MousetrapHelpText = `rotaplan 是命令行程序，不能双击运行。 (rotaplan is a command-line tool; it does not run by double-click.)
请在这个文件夹中打开 PowerShell，输入 .\rotaplan.exe --help 查看用法。 (Open PowerShell in this folder and type .\rotaplan.exe --help.)

`
	cobra.MousetrapDisplayDuration = 0
}

// systemLanguage is the user's first Windows display language, such as
// zh-CN, or empty when Windows does not say. Windows sets no LANG, so this
// is what makes the help Chinese on a Chinese desktop.
func systemLanguage() string {
	langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil || len(langs) == 0 {
		return ""
	}
	return langs[0]
}
