package model

import (
	"errors"
	"fmt"
	"os"
)

// Assignment is one move read back from a plan file: teacher index Teacher
// moves to school index To. Line is the row in the file.
type Assignment struct {
	Teacher, To int
	Line        int
}

// Fields of a plan file: indices into AssignmentColumns.
const (
	acTeacher = iota
	acTo
	acFrom
)

// ReadAssignments reads a plan file, as rotaplan writes it and a planner
// edits it in Excel (CSV in any supported encoding, or XLSX, with English
// or Chinese headers), one move per row. teacher_id and to_school_id are
// required; the other columns rotaplan writes are accepted without a word,
// from_school_id is checked against the teacher's post school, and the
// target school may be given by code or, when unambiguous, by name.
//
// It returns the moves and the warnings; when any error is found, it
// returns every problem with an *InputError. A file that cannot be opened
// is a plain error.
func ReadAssignments(path string, in *Instance, opt LoadOptions) ([]Assignment, Problems, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read plan: %w", err)
	}
	return ParseAssignments(path, data, in, opt)
}

// ParseAssignments is ReadAssignments for the bytes of a file named name.
func ParseAssignments(name string, data []byte, in *Instance, opt LoadOptions) ([]Assignment, Problems, error) {
	if in == nil {
		return nil, nil, errors.New("read plan: no dataset loaded")
	}
	var probs Problems
	t, err := ParseTable(name, data, opt)
	switch {
	case err != nil:
		p := Problem{Severity: Error, File: name, Message: "cannot read table: " + err.Error()}
		var le *LineError
		if errors.As(err, &le) {
			p.Line, p.Message = le.Line, "cannot read table: "+le.Err.Error()
		}
		probs = append(probs, p)
	case t.Header == nil:
		probs = append(probs, Problem{Severity: Error, File: name, Message: "empty file: want a header row and one row per move"})
	default:
		probs = append(probs, t.Warnings...)
	}
	var out []Assignment
	if t != nil && t.Header != nil {
		out = readAssignments(t, in, &probs)
	}
	probs.Sort()
	if len(probs.Errors()) > 0 {
		return nil, probs, &InputError{Problems: probs}
	}
	return out, probs, nil
}

func readAssignments(t *Table, in *Instance, probs *Problems) []Assignment {
	m, hp := mapHeader(t, assignmentColumnSet, false)
	*probs = append(*probs, hp...)
	if len(hp.Errors()) > 0 {
		return nil
	}
	r := newRowCursor(t, assignmentColumnSet, m, probs)
	names := schoolNames(in)
	first := make(map[int]int) // teacher → line of its first row
	out := make([]Assignment, 0, t.Len())
	for i := range t.Len() {
		r.at(i)
		tid, sid := r.get(acTeacher), r.get(acTo)
		if tid == "" && sid == "" {
			continue // a row of other columns only, such as a total
		}
		a := Assignment{Teacher: NoSchool, To: NoSchool, Line: r.line}
		ok := true
		if id, has := r.required(acTeacher, "a teacher number of the dataset"); !has {
			ok = false
		} else if a.Teacher, has = in.TeacherByID(id); !has {
			r.errorf(acTeacher, "unknown teacher %s: not in the dataset", id)
			ok = false
		} else if line, dup := first[a.Teacher]; dup {
			r.errorf(acTeacher, "teacher %s is listed twice, first on line %d", id, line)
			ok = false
		} else {
			first[a.Teacher] = r.line
		}
		if id, has := r.required(acTo, "the code of the receiving school"); !has {
			ok = false
		} else if a.To, has = in.SchoolByID(id); !has {
			if j, unique := names[id]; unique && j >= 0 {
				a.To = j
			} else {
				r.errorf(acTo, "unknown school %s: not in the dataset", id)
				ok = false
			}
		}
		if !ok {
			continue
		}
		tc := &in.Teachers[a.Teacher]
		if tc.School < 0 || tc.School >= len(in.Schools) {
			continue // an instance built by hand without a post school
		}
		if v := r.get(acFrom); v != "" {
			if j, has := in.SchoolByID(v); !has || j != tc.School {
				r.errorf(acFrom, "teacher %s holds the post at %s, not %s", tc.ID, in.Schools[tc.School].ID, v)
			}
		}
		if a.To == tc.School {
			r.errorf(acTo, "teacher %s already holds the post at %s; a move needs another school", tc.ID, in.Schools[a.To].ID)
			continue
		}
		out = append(out, a)
	}
	return out
}

// schoolNames maps school names to indices, -1 for a name shared by schools.
func schoolNames(in *Instance) map[string]int {
	m := make(map[string]int, len(in.Schools))
	for i := range in.Schools {
		n := in.Schools[i].Name
		if _, dup := m[n]; dup {
			m[n] = -1
		} else {
			m[n] = i
		}
	}
	return m
}
