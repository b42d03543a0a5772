package model

import "fmt"

// Staffing and size limits of the national standards (国办发〔2001〕74号 and
// the 2017 assessment rules) checked as warnings.
const (
	maxStudentsPerTeacher = 40   // far above 1:19 primary and 1:13.5 junior
	maxSchoolStudents     = 2000 // a single-stage school
	maxNineYearStudents   = 2500 // a nine-year school
)

// maxClassSize is the largest average class per stage: 45 primary, 50 junior.
var maxClassSize = [NumStages]int{45, 50}

// validate is the last step of a load: it runs the checks that need more
// than one file, then names every file as text and masks the identity
// numbers in every problem found.
func (l *loader) validate() {
	l.crossCheck()
	for i := range l.probs {
		l.probs[i].File = fileNameText(l.probs[i].File) // a GBK name as text
	}
	l.probs.mask()
}

// crossCheck checks teachers per school and stage, coordinates or
// distances, the size warnings, and that the county has both sources and
// receivers.
func (l *loader) crossCheck() {
	if !l.schoolsOK || l.schoolRows == nil {
		return
	}
	schools := l.in.Schools
	// Teachers teaching at each school now, per stage.
	serving := make([][NumStages]int, len(schools))
	for i := range l.in.Teachers {
		t := &l.in.Teachers[i]
		if t.Serving >= 0 && t.Serving < len(schools) && int(t.Stage) < NumStages {
			serving[t.Serving][t.Stage]++
		}
	}
	r := l.schoolRows
	report := func(sev Severity, s *School, c int, value, format string, args ...any) {
		l.probs = append(l.probs, Problem{
			Severity: sev, File: r.t.Name, Line: s.Line, Column: r.header(c),
			Value: value, Message: fmt.Sprintf(format, args...),
		})
	}
	// Rows of schools.csv with an error: a bad count reads as 0, which
	// would only add noise to the warnings below.
	badRow := make(map[int]bool)
	for _, p := range l.probs {
		if p.Severity == Error && p.File == r.t.Name {
			badRow[p.Line] = true
		}
	}
	hasDistances := l.files[fileDistances] != nil
	sources, receivers := 0, 0
	for i := range schools {
		s := &schools[i]
		if l.untyped[i] {
			continue // its type is wrong; stage checks would only add noise
		}
		total := 0
		for _, st := range Stages {
			total += serving[i][st]
			if !s.Teaches(st) {
				continue
			}
			col := scStudentsPrimary + int(st)
			if s.Students[st] == 0 {
				if n := serving[i][st]; l.teachersOK && n > 0 && !badRow[s.Line] {
					report(Warning, s, col, "0",
						"school %s %s has %d %s %s but 0 %s students; a stage without students counts in no indicator, so check the student count", s.ID, s.Name, n, st, plural(n, "teacher", "teachers"), st)
				}
				continue
			}
			if l.teachersOK && serving[i][st] == 0 {
				report(Error, s, col, fmt.Sprint(s.Students[st]),
					"school %s %s has %d %s students but no %s teacher teaches there", s.ID, s.Name, s.Students[st], st, st)
			}
			if c := s.Classes[st]; c == 0 {
				report(Warning, s, scClassesPrimary+int(st), "0",
					"school %s has %d %s students in 0 classes; subject needs are counted per class", s.ID, s.Students[st], st)
			} else if avg := float64(s.Students[st]) / float64(c); avg > float64(maxClassSize[st]) {
				report(Warning, s, col, fmt.Sprint(s.Students[st]),
					"school %s averages %.1f %s students per class, above the limit of %d", s.ID, avg, st, maxClassSize[st])
			}
		}
		if l.teachersOK && total > 0 {
			if ratio := float64(s.TotalStudents()) / float64(total); ratio > maxStudentsPerTeacher {
				report(Warning, s, studentsCol(s), fmt.Sprint(s.TotalStudents()),
					"school %s has %.1f students per teacher, above %d; check the student count or the roster", s.ID, ratio, maxStudentsPerTeacher)
			}
		}
		limit := maxSchoolStudents
		if s.Type == NineYear {
			limit = maxNineYearStudents
		}
		if n := s.TotalStudents(); n > limit {
			report(Warning, s, studentsCol(s), fmt.Sprint(n),
				"school %s has %d students, above the size limit of %d for a %s school", s.ID, n, limit, s.Type)
		}
		if s.IsSource() {
			sources++
		} else {
			receivers++
		}
		if !s.HasCoords && !l.covered[i] {
			msg := "school %s has no coordinates (lon, lat) and no distances.csv; its distances are unknown, so it can neither send nor receive teachers"
			if hasDistances {
				msg = "school %s has no coordinates (lon, lat) and is not in distances.csv; its distances are unknown, so it can neither send nor receive teachers"
			}
			report(Warning, s, scLon, "", msg, s.ID)
		}
	}
	if sc := l.in.Policy.MoveScope; sc != ScopeCounty && len(schools) > 0 {
		l.scopeWithoutUnits(sc)
	}
	if len(schools) > 0 && (sources == 0 || receivers == 0) {
		msg := "no school is a source: every school is rural or weak, so no teacher can be sent"
		if receivers == 0 {
			msg = "no school is a receiver: no school is rural or weak, so no teacher can be received"
		}
		l.probs = append(l.probs, Problem{Severity: Warning, File: r.t.Name, Column: r.header(scLocale),
			Message: msg + "; check the columns urban_rural (城乡分类代码) and weak (薄弱学校)"})
	}
}

// scopeWithoutUnits warns when move_scope is district (group) but no
// school names one: a school outside every district (group) is not held by
// the scope (Instance.WithinScope), so the policy key changes nothing.
func (l *loader) scopeWithoutUnits(sc MoveScope) {
	for i := range l.in.Schools {
		if sc.Unit(&l.in.Schools[i]) != "" {
			return
		}
	}
	c, what := scDistrict, "district (学区)"
	if sc == ScopeGroup {
		c, what = scGroup, "group (教育集团)"
	}
	r := l.schoolRows
	l.probs = append(l.probs, Problem{Severity: Warning, File: r.t.Name, Line: r.t.HeaderLine, Column: r.header(c),
		Message: fmt.Sprintf("move_scope = %s (%s) but no school names its %s: the scope holds no school and every move is county-wide",
			sc, l.policyName(), what)})
}

// plural is one when n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// studentsCol is the student-count column that stands for a school's total:
// junior for a junior school, else primary.
func studentsCol(s *School) int {
	if s.Type == JuniorSchool {
		return scStudentsPrimary + int(Junior)
	}
	return scStudentsPrimary
}
