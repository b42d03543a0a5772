package model

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
	for i := range t.Len() {
		r.at(i)
		tc := Teacher{Line: r.line, School: NoSchool, Serving: NoSchool}
		id, idOK := r.required(tcID, "a unique teacher number")
		if idOK {
			if first, dup := l.teacherByID[id]; dup {
				r.errorf(tcID, "duplicate teacher_id %s, first on line %d", id, l.in.Teachers[first].Line)
				idOK = false
			}
		}
		tc.ID = id
		tc.Name, _ = r.required(tcName, "the teacher's name")
		tc.IDNumber = r.get(tcIDNumber)
		tc.Gender, _ = enumField(r, tcGender, genders)

		birth, birthOK := r.month(tcBirth, months)
		joined, joinedOK := r.month(tcJoined, months)
		tc.Birth, tc.Joined = birth, joined
		if birthOK && joinedOK && joined < birth {
			r.errorf(tcJoined, "joined the school in %s, before the birth date %s", joined, birth)
		}

		stage, stageOK := enumField(r, tcStage, stages)
		tc.Stage = stage
		if v, ok := r.required(tcSchool, "the code of the post school"); ok {
			tc.School = l.schoolRef(r, tcSchool, v, stage, stageOK, "post school")
		}
		tc.Serving = tc.School
		if v := r.get(tcServing); v != "" {
			tc.Serving = l.schoolRef(r, tcServing, v, stage, stageOK, "serving school")
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
		tc.Exempt = r.get(tcExempt)

		if idOK {
			l.teacherByID[id] = len(l.in.Teachers)
			l.in.Teachers = append(l.in.Teachers, tc)
		}
	}
}

// month parses a required date field to its month.
func (r *rowCursor) month(c int, cache *enumCache[Month]) (Month, bool) {
	if _, ok := r.required(c, "a date as YYYY-MM, YYYYMM or YYYY-MM-DD"); !ok {
		return 0, false
	}
	return enumField(r, c, cache)
}

// schoolRef resolves a school code of field c and checks that the school
// teaches the teacher's stage; it returns NoSchool when the code is unknown.
func (l *loader) schoolRef(r *rowCursor, c int, id string, st Stage, stageOK bool, role string) int {
	if !l.schoolsOK {
		return NoSchool
	}
	i, ok := l.schoolByID[id]
	if !ok {
		r.errorf(c, "unknown school %s: not in %s", id, l.schoolsName())
		return NoSchool
	}
	s := &l.in.Schools[i]
	if stageOK && !l.untyped[i] && !s.Teaches(st) {
		r.errorf(tcStage, "%s %s %s is a %s (%s) school and teaches no %s (%s) stage", role, s.ID, s.Name, s.Type, s.Type.ZH(), st, st.ZH())
	}
	return i
}
