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

// validate runs the checks that need more than one file: teachers per
// school and stage, coordinates or distances, and the size warnings.
func (l *loader) validate() {
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
	hasDistances := l.files[fileDistances] != nil
	for i := range schools {
		s := &schools[i]
		if l.untyped[i] {
			continue // its type is wrong; stage checks would only add noise
		}
		total := 0
		for _, st := range Stages {
			total += serving[i][st]
			if !s.Teaches(st) || s.Students[st] == 0 {
				continue
			}
			col := scStudentsPrimary + int(st)
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
		if !s.HasCoords && !l.covered[i] {
			msg := "school %s has no coordinates (lon, lat) and no distances.csv; its distances are unknown, so it can neither send nor receive teachers"
			if hasDistances {
				msg = "school %s has no coordinates (lon, lat) and is not in distances.csv; its distances are unknown, so it can neither send nor receive teachers"
			}
			report(Warning, s, scLon, "", msg, s.ID)
		}
	}
}

// studentsCol is the student-count column that stands for a school's total:
// junior for a junior school, else primary.
func studentsCol(s *School) int {
	if s.Type == JuniorSchool {
		return scStudentsPrimary + int(Junior)
	}
	return scStudentsPrimary
}
