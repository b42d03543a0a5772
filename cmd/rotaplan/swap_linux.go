package main

import "golang.org/x/sys/unix"

// swapDirs exchanges the folders a and b in one step, so that no moment
// exists in which either name is missing. File systems that cannot do it
// return an error, and the caller falls back on two renames. Tests replace
// it to take that fallback.
var swapDirs = func(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
