package model

// Fields of pins.csv: indices into PinColumns.
const (
	pcTeacher = iota
	pcAction
	pcSchool
)

// loadPins parses pins.csv into l.in.Pins. A move and a forbid need a
// target school, a stay ignores one; a teacher may have one move or one
// stay, plus any forbids that do not contradict them.
func (l *loader) loadPins(t *Table) {
	m, probs := mapHeader(t, pinColumnSet, true)
	l.probs = append(l.probs, probs...)
	if len(probs.Errors()) > 0 {
		return
	}
	r := newRowCursor(t, pinColumnSet, m, &l.probs)
	actions := newEnumCache(ParsePinAction)
	byTeacher := make(map[int][]int) // teacher → indices into l.in.Pins
	for i := range t.Len() {
		r.at(i)
		p := Pin{Teacher: NoSchool, School: NoSchool, Line: r.line}
		teacherOK := false
		if id, ok := r.required(pcTeacher, "a teacher number of the teachers file"); ok && l.teachersOK {
			if p.Teacher, teacherOK = l.teacherByID[id]; !teacherOK {
				r.errorf(pcTeacher, "unknown teacher %s: not in the teachers file", id)
			}
		}
		action, actionOK := enumField(r, pcAction, actions)
		p.Action = action
		schoolOK := true
		if v := r.get(pcSchool); v == "" {
			if actionOK && action != PinStay {
				r.report(Error, pcSchool, "", "missing value: a %s pin needs the code of the target school", action)
				schoolOK = false
			}
		} else if actionOK && action == PinStay {
			r.report(Warning, pcSchool, v, "a stay pin takes no school; the school is ignored")
		} else if l.schoolsOK {
			var ok bool
			if p.School, ok = l.schoolByID[v]; !ok {
				r.errorf(pcSchool, "unknown school %s: not in %s", v, l.schoolsName())
				schoolOK = false
			}
		}
		if !teacherOK || !actionOK || !schoolOK || !l.schoolsOK {
			continue
		}
		if action == PinMove && p.School == l.in.Teachers[p.Teacher].School {
			r.errorf(pcSchool, "teacher %s already holds the post at %s; a move needs another school", l.in.Teachers[p.Teacher].ID, r.get(pcSchool))
			continue
		}
		if l.pinConflict(r, p, byTeacher[p.Teacher]) {
			continue
		}
		byTeacher[p.Teacher] = append(byTeacher[p.Teacher], len(l.in.Pins))
		l.in.Pins = append(l.in.Pins, p)
	}
}

// pinConflict checks p against the earlier pins of the same teacher. It
// records an error for a contradiction and a warning for a repeat, and
// reports whether p must be dropped.
func (l *loader) pinConflict(r *rowCursor, p Pin, earlier []int) bool {
	for _, j := range earlier {
		q := l.in.Pins[j]
		same := p.Action == q.Action && p.School == q.School
		switch {
		case same:
			r.report(Warning, pcAction, r.get(pcAction), "repeats the pin on line %d", q.Line)
			return true
		case p.Action == PinMove && q.Action == PinMove,
			p.Action == PinMove && q.Action == PinStay,
			p.Action == PinStay && q.Action == PinMove:
			r.errorf(pcAction, "contradicts the %s pin on line %d for teacher %s", q.Action, q.Line, l.in.Teachers[p.Teacher].ID)
			return true
		case p.Action == PinMove && q.Action == PinForbid && p.School == q.School,
			p.Action == PinForbid && q.Action == PinMove && p.School == q.School:
			r.errorf(pcAction, "contradicts the %s pin on line %d: teacher %s both moves to and is forbidden from %s",
				q.Action, q.Line, l.in.Teachers[p.Teacher].ID, l.in.Schools[p.School].ID)
			return true
		}
	}
	return false
}
