//go:build !linux

package main

import "errors"

// swapDirs exchanges two folders in one step where the system can; here
// it cannot, and the caller falls back on two renames.
var swapDirs = func(a, b string) error { return errors.ErrUnsupported }
