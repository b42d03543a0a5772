package model

import (
	"fmt"
	"strings"
)

// Fields of teachers.csv: indices into TeacherColumns.
const (
	tcID = iota
	tcName
	tcIDNumber
	tcGender
	tcBirth
	tcSchool
	tcStage
	tcSubject
	tcEducation
	tcTitle
	tcBackbone
	tcJoined
	tcPrincipal
	tcVolunteer
	tcExempt
	tcServing
	tcGraduating
	tcPrincipalSince
)

// wantEducation lists the education levels for the message of an empty cell.
var wantEducation = "the highest education: " + educationNames.expected()

// loadTeachers parses teachers.csv into l.in.Teachers, resolving school
// references against the schools read before.
func (l *loader) loadTeachers(t *Table) {
	m, probs := mapHeader(t, teacherColumnSet, true)
	l.probs = append(l.probs, probs...)
	if len(probs.Errors()) > 0 {
		return
	}
	l.teachersOK = true
	l.teacherByID = make(map[string]int, t.Len())
	r := newRowCursor(t, teacherColumnSet, m, &l.probs)
	var (
		genders    = newEnumCache(ParseGender)
		months     = newEnumCache(ParseMonth)
		stages     = newEnumCache(ParseStage)
		subjects   = newEnumCache(ParseSubject)
		educations = newEnumCache(ParseEducation)
		titles     = newEnumCache(ParseTitle)
		backbones  = newEnumCache(ParseBackbone)
	)
	l.in.Teachers = make([]Teacher, 0, t.Len())
	ids := idNumberCheck{first: make(map[string]int)}
	for i := range t.Len() {
		r.at(i)
		tc := Teacher{Line: r.line, School: NoSchool, Serving: NoSchool}
		id, idOK := r.required(tcID, "a unique teacher number")
		if idOK {
			r.checkCode(tcID, id)
			if first, dup := l.teacherByID[id]; dup {
				r.errorf(tcID, "duplicate teacher_id %s, first on line %d", id, l.in.Teachers[first].Line)
				idOK = false
			}
			ids.teacherID(r, id)
		}
		tc.ID = id
		tc.Name, _ = r.required(tcName, "the teacher's name")
		tc.Name = r.text(tcName, tc.Name)
		tc.IDNumber = r.get(tcIDNumber)
		ids.idNumber(r, tc.IDNumber)
		tc.Gender, _ = enumField(r, tcGender, genders)

		birth, birthOK := r.month(tcBirth, months)
		joined, joinedOK := r.month(tcJoined, months)
		tc.Birth, tc.Joined = birth, joined
		if birthOK && joinedOK && joined < birth {
			r.errorf(tcJoined, "joined the school in %s, before the birth date %s", joined, birth)
		} else if joinedOK && joined > l.in.Policy.PlanDate {
			r.report(Warning, tcJoined, joined.String(), "joined the school in %s, after the plan date %s: a typo of the year? the teacher counts no years at the school",
				joined, l.in.Policy.PlanDate)
		}

		stage, stageOK := enumField(r, tcStage, stages)
		tc.Stage = stage
		if v, ok := r.required(tcSchool, "the code of the post school"); ok {
			tc.School = l.schoolRef(r, tcSchool, v, stage, stageOK, "post school")
		}
		tc.Serving = tc.School
		servingGiven := false
		if v := r.get(tcServing); v != "" {
			tc.Serving = l.schoolRef(r, tcServing, v, stage, stageOK, "serving school")
			servingGiven = true
		}

		tc.Subject, _ = enumField(r, tcSubject, subjects)
		if _, ok := r.required(tcEducation, wantEducation); ok {
			tc.Education, _ = enumField(r, tcEducation, educations)
		}
		tc.Title, _ = enumField(r, tcTitle, titles)
		tc.Backbone, _ = enumField(r, tcBackbone, backbones)
		tc.Principal = r.flag(tcPrincipal)
		tc.Volunteer = r.flag(tcVolunteer)
		tc.GraduatingClass = r.flag(tcGraduating)
		tc.Exempt = r.text(tcExempt, r.get(tcExempt))
		l.principalSince(r, &tc, months)

		if idOK {
			if servingGiven {
				if l.servingGiven == nil {
					l.servingGiven = make(map[int]bool)
				}
				l.servingGiven[len(l.in.Teachers)] = true
			}
			l.teacherByID[id] = len(l.in.Teachers)
			l.in.Teachers = append(l.in.Teachers, tc)
		}
	}
	ids.report(r, t)
}

// idNumberCheck looks at the two identity columns of teachers.csv: teacher
// numbers appear in every output, identity numbers (身份证件号) in none
// but the rotation list of --include-id-number, so an identity number in
// teacher_id is refused; in id_number, a number two teachers share, or one
// a spreadsheet damaged, is reported.
type idNumberCheck struct {
	rows   int            // rows with a teacher number
	asID   []int          // lines whose teacher number is an identity number
	values []string       // their teacher numbers, masked
	first  map[string]int // identity number → first line
}

// teacherID notes a teacher number that is an identity number.
func (c *idNumberCheck) teacherID(r *rowCursor, id string) {
	c.rows++
	if ValidIDNumber(id) {
		c.asID = append(c.asID, r.line)
		c.values = append(c.values, MaskIDNumber(id))
	}
}

// idNumber checks the id_number cell v of the current row. Values are
// compared with X in upper case; a value that is no resident identity
// number (a passport, a typo) is kept as it is.
func (c *idNumberCheck) idNumber(r *rowCursor, v string) {
	if v == "" {
		return
	}
	masked := MaskIDNumber(v)
	switch {
	case isScientific(v):
		r.report(Warning, tcIDNumber, masked, "an identity number in scientific notation has lost its last digits; format the column as text (设置单元格格式 → 文本) and enter the numbers again")
		return
	case idShaped(v) && strings.HasSuffix(v, "000") && !ValidIDNumber(v):
		r.report(Warning, tcIDNumber, masked, "the identity number ends in 000 and fails its check digit: a spreadsheet kept only its first 15 digits; format the column as text (设置单元格格式 → 文本) and enter the numbers again")
	}
	key := strings.ToUpper(v)
	if line, dup := c.first[key]; dup {
		r.report(Warning, tcIDNumber, masked, "same identity number as line %d; each teacher has their own, so one of the two rows is probably a copy-paste error", line)
		return
	}
	c.first[key] = r.line
}

// report refuses the identity numbers found in teacher_id: when they are
// most of the column, as one error that suggests swapped columns; else one
// error per row.
func (c *idNumberCheck) report(r *rowCursor, t *Table) {
	const why = "teacher numbers appear in every output, identity numbers in none"
	if len(c.asID) == 0 {
		return
	}
	if len(c.asID) > 1 && 2*len(c.asID) > c.rows {
		*r.probs = append(*r.probs, Problem{
			Severity: Error, File: t.Name, Line: t.HeaderLine, Column: r.header(tcID), Value: c.values[0],
			Message: fmt.Sprintf("%d of %d values look like identity numbers (身份证件号), the first on line %d: are the columns %s (教职工号) and %s (身份证件号) swapped? %s",
				len(c.asID), c.rows, c.asID[0], TeacherColumns[tcID].Key, TeacherColumns[tcIDNumber].Key, why),
		})
		return
	}
	for i, line := range c.asID {
		*r.probs = append(*r.probs, Problem{
			Severity: Error, File: t.Name, Line: line, Column: r.header(tcID), Value: c.values[i],
			Message: fmt.Sprintf("looks like an identity number (身份证件号), not a teacher number (教职工号): %s", why),
		})
	}
}

// month parses a required date field to its month.
func (r *rowCursor) month(c int, cache *enumCache[Month]) (Month, bool) {
	v, ok := r.required(c, "a date as YYYY-MM, YYYYMM or YYYY-MM-DD")
	if !ok {
		return 0, false
	}
	m, ok := enumField(r, c, cache)
	if ok {
		r.octoberCut(c, v, m)
	}
	return m, ok
}

// octoberCut warns about the date v of field c, read as month m, when it
// is written YYYY.1: Excel saves 2015.10 typed in a General cell as the
// number 2015.1, so the cell read as January may mean October.
func (r *rowCursor) octoberCut(c int, v string, m Month) {
	if len(v) != 6 || v[4] != '.' || v[5] != '1' || !isDigits(v[:4]) {
		return
	}
	r.report(Warning, c, v, "%s is read as %s, but Excel saves %s0 typed in a General cell as the number %s: if October is meant, write %s-10 (or format the column as text)",
		v, m, v, v, v[:4])
}

// schoolRef resolves a school code of field c and checks that the school
// teaches the teacher's stage; it returns NoSchool when the code is unknown.
func (l *loader) schoolRef(r *rowCursor, c int, id string, st Stage, stageOK bool, role string) int {
	if !l.schoolsOK {
		return NoSchool
	}
	i, ok := l.schoolByID[id]
	if !ok {
		r.errorf(c, "unknown school %s: not in %s%s", id, l.schoolsName(), l.schoolHint(id))
		return NoSchool
	}
	s := &l.in.Schools[i]
	if stageOK && !l.untyped[i] && !s.Teaches(st) {
		r.errorf(tcStage, "%s %s %s is a %s (%s) school and teaches no %s (%s) stage", role, s.ID, s.Name, s.Type, s.Type.ZH(), st, st.ZH())
	}
	return i
}
