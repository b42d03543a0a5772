package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/mattn/go-runewidth"
	"golang.org/x/term"
)

// stepLog shows on stderr how a command of several steps gets on (the
// scenarios of scenario run, the years of roadmap): one line per step
// done, and the step under way on a status line updated in place. It is
// silent when stderr is not a terminal, like plan's progress line, so
// files and pipes get only the results. Its methods may be called from
// several goroutines.
type stepLog struct {
	w      io.Writer
	on     bool
	cols   int // terminal width; status lines are cut to it
	start  time.Time
	mu     sync.Mutex
	status bool      // a status line is showing
	last   time.Time // when the status line was last drawn
}

// newStepLog returns the step log of ios.ErrOut.
func newStepLog(ios IOStreams) *stepLog {
	l := &stepLog{w: ios.ErrOut, start: time.Now()}
	if f, ok := terminalFile(ios.ErrOut); ok {
		l.on = true
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			l.cols = w
		}
	}
	return l
}

// done prints the line of a finished step, with the seconds since the
// log began, in place of the status line.
func (l *stepLog) done(format string, args ...any) {
	if !l.on {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintf(l.w, "%s%s (%.1fs)\n", l.clear(), msg, time.Since(l.start).Seconds())
}

// progress shows the step under way on the status line, at most five
// times a second.
func (l *stepLog) progress(format string, args ...any) {
	if !l.on {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if now := time.Now(); now.Sub(l.last) >= 200*time.Millisecond {
		l.last = now
		msg := fmt.Sprintf(format, args...)
		if l.cols > 1 {
			msg = runewidth.Truncate(msg, l.cols-1, "")
		}
		// The cursor goes back to the start of the line, so that the
		// line reaches a terminal at once through a writer that passes
		// whole lines (maskingWriter), and the next line overwrites it.
		fmt.Fprint(l.w, l.clear()+msg+"\r")
		l.status = true
	}
}

// close removes the status line.
func (l *stepLog) close() {
	if !l.on {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprint(l.w, l.clear())
}

// clear is what erases the status line, if one is showing; the cursor is
// at its start.
func (l *stepLog) clear() string {
	if !l.status {
		return ""
	}
	l.status = false
	return "\033[K"
}
