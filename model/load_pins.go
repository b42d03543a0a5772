package model

import (
	"fmt"
	"math"
	"strings"
)

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
				r.errorf(pcTeacher, "unknown teacher %s: not in the teachers file%s", id, l.teacherHint(id))
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
				r.errorf(pcSchool, "unknown school %s: not in %s%s", v, l.schoolsName(), l.schoolHint(v))
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
		l.pinRules(r, p)
		byTeacher[p.Teacher] = append(byTeacher[p.Teacher], len(l.in.Pins))
		l.in.Pins = append(l.in.Pins, p)
	}
}

// pinRules checks a move pin against the rules of a move (DOMAIN §4) as
// the solver applies them to pinned moves: the target is a receiver, rural
// or weak, that teaches the teacher's stage, and the teacher teaches at the
// post school (is not on rotation already). A pin that breaks one could
// never be honoured and is an error. The solver honours a pinned move that
// breaks the other rules, eligibility and distance, as the planner's
// decision: those that depend on the data alone (a post school that is no
// source, an exemption, a principal, the distance) are warnings; those
// that depend on the plan date (years at school, years to retirement) are
// left to the solver's report.
func (l *loader) pinRules(r *rowCursor, p Pin) {
	tc := &l.in.Teachers[p.Teacher]
	if p.Action != PinMove || tc.School == NoSchool || tc.Serving == NoSchool {
		return
	}
	s := &l.in.Schools[p.School]
	var why string
	col := pcSchool
	switch {
	case !s.IsReceiver():
		why = fmt.Sprintf("school %s %s cannot receive teacher %s: it is neither rural nor weak (urban_rural, weak), and only rural or weak schools receive teachers", s.ID, s.Name, tc.ID)
	case !l.untyped[p.School] && !s.Teaches(tc.Stage):
		why = fmt.Sprintf("school %s %s cannot receive teacher %s: it is a %s (%s) school and teaches no %s (%s) stage", s.ID, s.Name, tc.ID, s.Type, s.Type.ZH(), tc.Stage, tc.Stage.ZH())
	case tc.OnRotation():
		why = fmt.Sprintf("teacher %s already serves at %s on rotation (serving_school_id); a move starts from the post school %s", tc.ID, l.in.Schools[tc.Serving].ID, l.in.Schools[tc.School].ID)
		col = pcTeacher
	}
	if why != "" {
		r.errorf(col, "%s", why)
		return
	}
	var overridden []string
	home := &l.in.Schools[tc.School]
	if !home.IsSource() {
		overridden = append(overridden, fmt.Sprintf("the post school %s is rural or weak, not a source", home.ID))
	}
	if tc.Exempt != "" {
		overridden = append(overridden, fmt.Sprintf("the teacher is exempt this year (暂缓原因 %s)", tc.Exempt))
	}
	if tc.Principal && !l.in.Policy.IncludePrincipals {
		overridden = append(overridden, "the teacher is a principal and include_principals is false")
	}
	if len(overridden) > 0 {
		r.report(Warning, pcTeacher, r.get(pcTeacher), "the move pin is honoured although teacher %s is not eligible: %s", tc.ID, strings.Join(overridden, "; "))
	}
	if km := l.in.DistanceKm(tc.School, p.School); km > l.in.Policy.MaxDistanceKm && !math.IsInf(km, 0) {
		r.report(Warning, pcSchool, r.get(pcSchool), "the move pin is honoured although the move is %.1f km, beyond max_distance_km %g", km, l.in.Policy.MaxDistanceKm)
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
