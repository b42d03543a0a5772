package main

import (
	"bytes"
	"io"
	"os"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/rotaplan/rotaplan/model"
)

// maskingWriter is a standard stream of the process with every identity
// number masked (model.MaskIDNumbers): whatever a message quotes, a path,
// a scenario name, a value the loaders did not foresee, no 18-digit
// identity number reaches the terminal or a log. It passes whole lines, a
// carriage return ending a line too, so the progress line still updates in
// place; Flush writes the rest.
type maskingWriter struct {
	w   io.Writer
	f   *os.File // w when it is a file, for terminal detection
	buf []byte
}

// maskKeep is how much of an unfinished line waits for more output when the
// line grows long: enough to hold an identity number written in full-width
// digits.
const maskKeep = 64

func newMaskingWriter(f *os.File) *maskingWriter { return &maskingWriter{w: f, f: f} }

func (m *maskingWriter) Write(p []byte) (int, error) {
	m.buf = append(m.buf, p...)
	end := bytes.LastIndexAny(m.buf, "\n\r") + 1
	if end == 0 && len(m.buf) > 64<<10 {
		end = len(m.buf) - maskKeep
		for end > 0 && m.buf[end]&0xc0 == 0x80 {
			end-- // not inside a UTF-8 sequence
		}
		end = runStart(m.buf, end)
	}
	if end > 0 {
		if _, err := io.WriteString(m.w, model.MaskIDNumbers(string(m.buf[:end]))); err != nil {
			return 0, err
		}
		m.buf = append(m.buf[:0], m.buf[end:]...)
	}
	return len(p), nil
}

// Flush writes what waits for a line end.
func (m *maskingWriter) Flush() error {
	if len(m.buf) == 0 {
		return nil
	}
	_, err := io.WriteString(m.w, model.MaskIDNumbers(string(m.buf)))
	m.buf = m.buf[:0]
	return err
}

// terminalFile returns the terminal that w writes to: w itself, or the
// file of a maskingWriter, when it is a terminal.
func terminalFile(w io.Writer) (*os.File, bool) {
	f, ok := w.(*os.File)
	if m, isMask := w.(*maskingWriter); isMask {
		f, ok = m.f, m.f != nil
	}
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil, false
	}
	return f, true
}

// runStart moves a cut at byte end of b back to the start of the run of
// digits (ASCII or full-width) and X that it falls in, so that an identity
// number is never written in two pieces, each too short to be masked. A
// run that fills b up to end leaves the cut where it was: it is no
// identity number, and neither piece can be one.
func runStart(b []byte, end int) int {
	i := end
	for i > 0 {
		r, n := utf8.DecodeLastRune(b[:i])
		if !(r >= '0' && r <= '9' || r >= '０' && r <= '９' || r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ') {
			break
		}
		i -= n
	}
	if i == 0 {
		return end
	}
	return i
}
