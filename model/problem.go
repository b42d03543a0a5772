package model

import (
	"fmt"
	"sort"
	"strings"
)

// Severity tells whether a Problem stops the run.
type Severity uint8

// Severities: an error rejects the dataset, a warning is reported only.
const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Problem is one finding about the input: where it is and what was expected.
// Line is 1-based and counts the header as line 1; 0 means the whole file.
type Problem struct {
	Severity Severity
	File     string
	Line     int
	Column   string // the column as written in the file's header, if any
	Value    string // the offending value, if any
	Message  string // what is wrong and what was expected
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	if p.Column != "" {
		fmt.Fprintf(&b, ": column %s", p.Column)
	}
	fmt.Fprintf(&b, ": %s: %s", p.Severity, p.Message)
	return b.String()
}

// Problems is a list of findings in file, line order.
type Problems []Problem

// Errors returns only the problems of severity Error.
func (ps Problems) Errors() Problems { return ps.filter(Error) }

// Warnings returns only the problems of severity Warning.
func (ps Problems) Warnings() Problems { return ps.filter(Warning) }

func (ps Problems) filter(s Severity) Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == s {
			out = append(out, p)
		}
	}
	return out
}

// Sort orders problems by file, line and column, keeping the order of
// findings on the same cell.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// InputError rejects a dataset: it carries every error found, and the
// warnings alongside. The CLI maps it to exit code 2.
type InputError struct {
	Problems Problems
}

func (e *InputError) Error() string {
	errs := e.Problems.Errors()
	if len(errs) == 0 {
		return "invalid input"
	}
	if len(errs) == 1 {
		return errs[0].String()
	}
	return fmt.Sprintf("%d input errors, first: %s", len(errs), errs[0])
}
