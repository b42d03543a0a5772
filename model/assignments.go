package model

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Assignment is one move read back from a plan file: teacher index Teacher
// moves to school index To. Line is the row in the file.
type Assignment struct {
	Teacher, To int
	Line        int
}

// Baseline is a plan read back as the reference of stable re-planning:
// File names it, Moves are its rows (a teacher not in Moves stays).
type Baseline struct {
	File  string
	Moves []Assignment
}

// ReadBaseline reads the plan file at path as the baseline of stable
// re-planning (plan --baseline, a scenario's baseline key) and records
// its hash among in.Files; problems are those of ReadAssignments.
func ReadBaseline(path string, in *Instance, opt LoadOptions) (*Baseline, Problems, error) {
	data, err := ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read baseline: %w", err)
	}
	moves, probs, err := ParseAssignments(path, data, in, opt)
	if err != nil {
		return nil, probs, err
	}
	sum := sha256.Sum256(data)
	in.Files = append(in.Files, FileInfo{Name: "baseline:" + filepath.Base(path), SHA256: hex.EncodeToString(sum[:])})
	return &Baseline{File: filepath.Base(path), Moves: moves}, probs, nil
}

// Fields of a plan file: indices into AssignmentColumns.
const (
	acTeacher = iota
	acTo
	acFrom
)

var (
	acIDNumber = columnIndex(AssignmentColumns, "id_number")
	acToName   = columnIndex(AssignmentColumns, "to_school_name")
	acName     = columnIndex(AssignmentColumns, "name")
)

// columnIndex is the index of the column named key in cols.
func columnIndex(cols []Column, key string) int {
	for i, c := range cols {
		if c.Key == key {
			return i
		}
	}
	panic("model: no column " + key)
}

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
	data, err := ReadFile(path)
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
	probs.mask()
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
	var people map[string]bool // teachers' names, when the plan has a name column
	if m.pos[acName] >= 0 {
		people = make(map[string]bool, len(in.Teachers))
		for i := range in.Teachers {
			people[in.Teachers[i].Name] = true
		}
	}
	var zeros leadingZeros
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
			hint := refHint(id)
			if hint == "" {
				hint = zeros.hint(in, id)
			}
			r.errorf(acTeacher, "unknown teacher %s: not in the dataset%s", id, hint)
			ok = false
		} else if line, dup := first[a.Teacher]; dup {
			r.errorf(acTeacher, "teacher %s is listed twice, first on line %d", id, line)
			ok = false
		} else {
			first[a.Teacher] = r.line
			checkIDNumber(r, &in.Teachers[a.Teacher])
			checkName(r, &in.Teachers[a.Teacher], people)
		}
		if a.To = destination(r, in, names); a.To == NoSchool {
			ok = false
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
				r.errorf(acFrom, "teacher %s holds the post at %s, not %s%s", tc.ID, in.Schools[tc.School].ID, v, refHint(v))
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

// destination resolves the receiving school of the current row, or
// returns NoSchool after recording an error. The code (调入学校代码) decides;
// a name in its place is taken when it names one school. The name column
// (调入学校名称) stands in for an empty code, and when it disagrees with the
// code a warning says which one was used.
func destination(r *rowCursor, in *Instance, names map[string]int) int {
	code, name := r.get(acTo), r.get(acToName)
	byName := func(v string) int {
		if j, unique := names[v]; unique && j >= 0 {
			return j
		}
		return NoSchool
	}
	if code == "" {
		if j := byName(name); j != NoSchool {
			r.report(Warning, acTo, "", "empty; using %s %s, the school of column %s", in.Schools[j].ID, name, r.header(acToName))
			return j
		}
		r.required(acTo, "the code of the receiving school")
		return NoSchool
	}
	j, has := in.SchoolByID(code)
	if !has {
		if j = byName(code); j == NoSchool {
			r.errorf(acTo, "unknown school %s: not in the dataset%s", code, refHint(code))
			return NoSchool
		}
	}
	if name != "" && name != in.Schools[j].Name {
		what := "is not the name of"
		if k := byName(name); k != NoSchool {
			what = fmt.Sprintf("is the name of %s, not of", in.Schools[k].ID)
		}
		r.report(Warning, acToName, name, "%s %s %s in column %s (%s); using the code %s: edit both columns together",
			name, what, code, r.header(acTo), in.Schools[j].Name, in.Schools[j].ID)
	}
	return j
}

// checkIDNumber compares the identity number of the current row, when the
// plan carries one, with the teacher's in the dataset: a difference means
// the rows were shifted, as sorting a single column in a spreadsheet does.
// A masked number is not compared.
func checkIDNumber(r *rowCursor, tc *Teacher) {
	v := r.get(acIDNumber)
	if v == "" || tc.IDNumber == "" || strings.ContainsRune(v, '*') || strings.EqualFold(v, tc.IDNumber) {
		return
	}
	r.report(Warning, acIDNumber, MaskIDNumber(v), "not the identity number of teacher %s in the dataset; were the rows shifted, as sorting a single column does? the plan is read by %s",
		tc.ID, r.header(acTeacher))
}

// checkName compares the name of the current row with the teacher's in
// the dataset: the name of another teacher of the dataset in its place
// means the rows were shifted, as sorting a single column in a spreadsheet
// does. Any other name (a pseudonym, a typo) is not compared.
func checkName(r *rowCursor, tc *Teacher, people map[string]bool) {
	v := r.get(acName)
	if v == "" || v == tc.Name || !people[v] {
		return
	}
	r.report(Warning, acName, v, "%s is not the name of teacher %s (%s) but of another teacher in the dataset; were the rows shifted, as sorting a single column does? the plan is read by %s",
		v, tc.ID, tc.Name, r.header(acTeacher))
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
