//go:build !windows

package main

// systemLanguage is the language of the user's desktop when no locale
// variable is set. Outside Windows the locale variables are the only
// source, so it is empty.
func systemLanguage() string { return "" }
