package model

import (
	"cmp"
	"fmt"
	"slices"
)

// StintKind is the kind of a stint away from the post school (交流方式).
type StintKind uint8

// Stint kinds; a history row without a kind is a rotation.
const (
	StintRotation StintKind = iota // 交流轮岗
	StintSupport                   // 支教
	StintShared                    // 走教: teaching at several schools
	StintGroup                     // 集团内交流: within an education group
	StintOther                     // 其他
)

var stintKindNames = enumNames{
	codes: []string{"rotation", "support", "shared", "group", "other"},
	zh:    []string{"交流轮岗", "支教", "走教", "集团内交流", "其他"},
	alias: map[string]int{
		"交流": 0, "轮岗": 0, "轮岗交流": 0, "": 0, "支教交流": 1, "对口支教": 1, "走教交流": 2,
		"集团交流": 3, "集团化办学交流": 3, "其它": 4,
	},
}

func (k StintKind) String() string { return stintKindNames.code(int(k)) }

// ZH returns the Chinese word of the kind.
func (k StintKind) ZH() string { return stintKindNames.chinese(int(k)) }

// ParseStintKind accepts an English code or a Chinese word; empty is a
// rotation.
func ParseStintKind(v string) (StintKind, error) {
	i, err := stintKindNames.parse(v)
	return StintKind(i), err
}

// Stint is one row of history.csv: a period, past or current, in which a
// teacher served at another school than the post school. The teacher and
// the school are kept by their codes (see Instance).
type Stint struct {
	TeacherID string
	SchoolID  string // to_school_id: where the stint is served; may be a school no longer in schools.csv
	Start     Month
	// End is the month the stint ends, the teacher back at the post school:
	// the end column, or Start + stint_years when it is empty (OpenEnd).
	End     Month
	OpenEnd bool
	Kind    StintKind
	// Rural tells whether the school is rural or weak, for the rural service
	// needed for the senior title: the rural column, else the school's class
	// in schools.csv, else false.
	Rural bool
	Line  int // line in history.csv, for messages; 0 when built in code
}

// Months is the length of the stint in months.
func (s *Stint) Months() int { return int(s.End - s.Start) }

// RunsAt reports whether the stint is ongoing at month p: Start ≤ p < End.
func (s *Stint) RunsAt(p Month) bool { return s.Start <= p && p < s.End }

// EndsWithinYear reports whether the stint ended in the 12 months up to p:
// p − 12 < End ≤ p. A teacher returning from it is back at the post school
// in the school year that starts at p.
func (s *Stint) EndsWithinYear(p Month) bool { return p-12 < s.End && s.End <= p }

// HistoryColumns are the columns of history.csv (交流记录.csv).
var HistoryColumns = []Column{
	{Key: "teacher_id", ZH: "教职工号", Required: true, Aliases: []string{"工号", "教职工编号", "职工号", "教师编号"}},
	{Key: "to_school_id", ZH: "交流学校代码", Required: true, Aliases: []string{"交流学校标识码", "交流学校", "任教学校代码", "学校代码", "school_id"}},
	{Key: "start", ZH: "开始年月", Required: true, Aliases: []string{"开始时间", "开始日期", "起始年月", "start_date"}},
	{Key: "end", ZH: "结束年月", Aliases: []string{"结束时间", "结束日期", "截止年月", "end_date"}},
	{Key: "kind", ZH: "交流方式", Aliases: []string{"交流类型", "方式", "类型"}},
	{Key: "rural", ZH: "乡村或薄弱", Aliases: []string{"是否乡村或薄弱", "乡村或薄弱学校", "乡村薄弱", "rural_or_weak"}},
}

// Fields of history.csv: indices into HistoryColumns.
const (
	hcTeacher = iota
	hcSchool
	hcStart
	hcEnd
	hcKind
	hcRural
)

var historyColumnSet = newColumnSet(HistoryColumns)

// StintsOf returns the stints of teacher t, by start.
func (in *Instance) StintsOf(t int) []Stint {
	if t < 0 || t >= len(in.stints) {
		return nil
	}
	out := make([]Stint, len(in.stints[t]))
	for i, k := range in.stints[t] {
		out[i] = in.History[k]
	}
	return out
}

// indexStints groups History by teacher and derives every teacher's facts
// of history at the plan date. A stint without an end column ends
// stint_years after its start under the current policy, which a scenario
// may have changed since loading.
func (in *Instance) indexStints() {
	in.stints = nil
	for k := range in.History {
		if s := &in.History[k]; s.OpenEnd {
			s.End = s.Start + Month(12*in.Policy.StintYears)
		}
	}
	if len(in.History) > 0 {
		in.stints = make([][]int, len(in.Teachers))
		for k := range in.History {
			if t, ok := in.teacherIndex[in.History[k].TeacherID]; ok {
				in.stints[t] = append(in.stints[t], k)
			}
		}
		for _, ks := range in.stints {
			slices.SortStableFunc(ks, func(a, b int) int { return cmp.Compare(in.History[a].Start, in.History[b].Start) })
		}
	}
	for t := range in.Teachers {
		in.deriveHistory(t)
	}
}

// deriveHistory sets the facts of history of teacher t at the plan date
// (DOMAIN §6).
func (in *Instance) deriveHistory(t int) {
	tc := &in.Teachers[t]
	p := in.Policy.PlanDate
	tc.ServiceSince, tc.RuralMonths = tc.Joined, 0
	tc.OngoingStint, tc.Returning, tc.ReturnFrom = false, false, NoSchool
	var (
		away      int // months away on stints since Joined
		returning *Stint
	)
	if t < len(in.stints) {
		for _, k := range in.stints[t] {
			s := &in.History[k]
			switch {
			case s.RunsAt(p):
				tc.OngoingStint = true
			case s.End <= p:
				tc.ServiceSince = max(tc.ServiceSince, s.End)
				if s.EndsWithinYear(p) && (returning == nil || s.End > returning.End) {
					returning = s
				}
			}
			if s.Rural {
				tc.RuralMonths += overlapMonths(s.Start, s.End, s.Start, p)
			}
			away += overlapMonths(s.Start, s.End, tc.Joined, p)
		}
	}
	if returning != nil && !tc.OngoingStint {
		tc.Returning = true
		if s, ok := in.schoolIndex[returning.SchoolID]; ok {
			tc.ReturnFrom = s
		}
	}
	if tc.School >= 0 && tc.School < len(in.Schools) && in.Schools[tc.School].IsReceiver() {
		tc.RuralMonths += max(0, overlapMonths(tc.Joined, p, tc.Joined, p)-away)
	}
}

// stintOfYear is teacher t's stint of the school year that starts at p
// (see yearStint).
func (in *Instance) stintOfYear(t int, p Month) *Stint {
	if t >= len(in.stints) {
		return nil
	}
	return in.yearStint(in.stints[t], p)
}

// yearStint is, among the stints ks (indices into History, one teacher's),
// the stint of the school year that starts at p: the one running at p, or
// else the latest ending in the 12 months up to p; nil when there is none.
func (in *Instance) yearStint(ks []int, p Month) *Stint {
	var cur *Stint
	for _, k := range ks {
		s := &in.History[k]
		if s.RunsAt(p) {
			return s
		}
		if s.EndsWithinYear(p) && (cur == nil || s.End > cur.End) {
			cur = s
		}
	}
	return cur
}

// ServeAtPlanDate moves every teacher's serving school (Serving, which
// describes the current year) from the year before plan date p0 to the
// year before the policy's plan date, as the history tells it: a scenario
// that plans another year than its dataset calls it after Index. A teacher
// whose current year at p0 is explained by the history (serving at the
// post school, or at the school of that year's stint) serves, in the new
// current year, at the school of that year's stint, or at the post school
// when there is none, when the stint's school left schools.csv or does
// not teach the teacher's stage (as loading counts them). A teacher
// serving elsewhere with no stint to explain it keeps that school. It
// reports how many teachers changed school.
func (in *Instance) ServeAtPlanDate(p0 Month) int {
	p := in.Policy.PlanDate
	if p == p0 || len(in.History) == 0 {
		return 0
	}
	changed := 0
	for t := range in.Teachers {
		tc := &in.Teachers[t]
		if tc.School == NoSchool {
			continue
		}
		explained := tc.Serving == tc.School
		if s := in.stintOfYear(t, p0); s != nil {
			if i, ok := in.schoolIndex[s.SchoolID]; ok && i == tc.Serving {
				explained = true
			}
		}
		if !explained {
			continue
		}
		to := tc.School
		if s := in.stintOfYear(t, p); s != nil {
			if i, ok := in.schoolIndex[s.SchoolID]; ok && in.Schools[i].Teaches(tc.Stage) {
				to = i
			}
		}
		if to != tc.Serving {
			tc.Serving = to
			changed++
		}
	}
	return changed
}

// overlapMonths is the number of months [a0, a1) and [b0, b1) share.
func overlapMonths(a0, a1, b0, b1 Month) int { return max(0, int(min(a1, b1)-max(a0, b0))) }

// loadHistory parses history.csv into l.in.History. A stint names a
// teacher of the teachers file; its school may have left schools.csv. The
// stints of one teacher must not overlap, and the stint of the current
// year (ongoing, or else ending in the 12 months up to the plan date) must
// agree with serving_school_id when teachers.csv gives one; when it gives
// none, the stint's school becomes the serving school.
func (l *loader) loadHistory(t *Table) {
	m, probs := mapHeader(t, historyColumnSet, true)
	l.probs = append(l.probs, probs...)
	if len(probs.Errors()) > 0 {
		return
	}
	r := newRowCursor(t, historyColumnSet, m, &l.probs)
	var (
		months = newEnumCache(ParseMonth)
		kinds  = newEnumCache(ParseStintKind)
		p      = l.in.Policy.PlanDate
		stint  = Month(12 * l.in.Policy.StintYears)
	)
	byTeacher := make(map[int][]int) // teacher → indices into l.in.History
	l.in.History = make([]Stint, 0, t.Len())
	for i := range t.Len() {
		r.at(i)
		s := Stint{Line: r.line}
		teacher, ok := -1, true // teacher: index into l.in.Teachers once known
		if id, idOK := r.required(hcTeacher, "a teacher number of the teachers file"); !idOK {
			ok = false
		} else if s.TeacherID = id; l.teachersOK {
			var known bool
			if teacher, known = l.teacherByID[id]; !known {
				r.errorf(hcTeacher, "unknown teacher %s: not in the teachers file%s", id, l.teacherHint(id))
				ok = false
			}
		}
		school := NoSchool
		if id, idOK := r.required(hcSchool, "the code of the school where the stint is served"); !idOK {
			ok = false
		} else if s.SchoolID = id; l.schoolsOK {
			if j, known := l.schoolByID[id]; known {
				school = j
			} else if hint := refHint(id); hint != "" {
				// A school gone from schools.csv is allowed, but its code
				// reaches the reports: not an identity number.
				r.errorf(hcSchool, "school %s is not in %s%s", id, l.schoolsName(), hint)
				ok = false
			} else if j, n := l.schoolByName(id); n == 1 {
				// A name in place of the code would pass for a school
				// gone from schools.csv, neither rural nor weak.
				school, s.SchoolID = j, l.in.Schools[j].ID
				r.report(Warning, hcSchool, id, "%s is the name of school %s, not a code: the stint is read as at %s; give the code (学校代码)", id, s.SchoolID, s.SchoolID)
			} else if n > 1 {
				r.errorf(hcSchool, "%s is the name of %d schools, not a code: give the code (学校代码) of the school", id, n)
				ok = false
			}
		}
		start, startOK := r.month(hcStart, months)
		s.Start, ok = start, ok && startOK
		if v := r.get(hcEnd); v == "" {
			s.End, s.OpenEnd = start+stint, true
		} else if end, err := months.get(v); err != nil {
			r.fail(hcEnd, err)
			ok = false
		} else if s.End = end; startOK && end <= start {
			r.errorf(hcEnd, "ends in %s, not after its start %s: want the month the teacher is back at the post school", end, start)
			ok = false
		} else {
			r.octoberCut(hcEnd, v, end)
		}
		if v := r.get(hcKind); v != "" {
			kind, kindOK := enumField(r, hcKind, kinds)
			s.Kind, ok = kind, ok && kindOK
		}
		if v := r.get(hcRural); v != "" {
			rural, err := ParseBool(v)
			if err != nil {
				r.fail(hcRural, err)
				ok = false
			}
			s.Rural = rural
		} else if school != NoSchool {
			s.Rural = l.in.Schools[school].IsReceiver()
		}
		if !ok || teacher < 0 {
			continue
		}
		tc := &l.in.Teachers[teacher]
		switch {
		case start < tc.Birth:
			r.errorf(hcStart, "starts in %s, before the birth date %s of teacher %s", start, tc.Birth, tc.ID)
			continue
		case school != NoSchool && school == tc.School && s.End > tc.Joined:
			r.errorf(hcSchool, "teacher %s holds the post at %s since %s; a stint is served at another school", tc.ID, s.SchoolID, tc.Joined)
			continue
		case start > p:
			r.report(Warning, hcStart, r.get(hcStart), "starts in %s, after the plan date %s: it counts from its start on, not in this plan", start, p)
		}
		byTeacher[teacher] = append(byTeacher[teacher], len(l.in.History))
		l.in.History = append(l.in.History, s)
	}
	teachers := make([]int, 0, len(byTeacher))
	for ti := range byTeacher {
		teachers = append(teachers, ti)
	}
	slices.Sort(teachers)
	for _, ti := range teachers {
		l.stintOverlaps(r, byTeacher[ti])
		l.currentStint(r, ti, byTeacher[ti])
	}
}

// stintOverlaps reports the stints of one teacher (indices into
// l.in.History) that overlap an earlier one, each on the later line and
// naming the other.
func (l *loader) stintOverlaps(r *rowCursor, ks []int) {
	h := l.in.History
	ks = slices.Clone(ks)
	slices.SortStableFunc(ks, func(a, b int) int { return cmp.Compare(h[a].Start, h[b].Start) })
	last := -1 // the stint with the latest end so far
	for _, k := range ks {
		if last >= 0 && h[k].Start < h[last].End {
			a, b := &h[last], &h[k]
			if a.Line > b.Line {
				a, b = b, a
			}
			l.rowProblem(r, b.Line, hcStart, b.Start.String(), "stint of teacher %s at %s from %s to %s overlaps the stint at %s from %s to %s on line %d: a teacher serves one stint at a time",
				b.TeacherID, b.SchoolID, b.Start, b.End, a.SchoolID, a.Start, a.End, a.Line)
		}
		if last < 0 || h[k].End > h[last].End {
			last = k
		}
	}
}

// currentStint checks the stint of the current year of teacher ti against
// serving_school_id, or makes its school the serving school: the ongoing
// stint, or else the one ending in the 12 months up to the plan date.
func (l *loader) currentStint(r *rowCursor, ti int, ks []int) {
	tc := &l.in.Teachers[ti]
	if tc.School == NoSchool || tc.Serving == NoSchool {
		return
	}
	p := l.in.Policy.PlanDate
	cur := l.in.yearStint(ks, p)
	if cur == nil {
		return
	}
	what := "the ongoing stint of teacher " + tc.ID
	if !cur.RunsAt(p) {
		what = "the stint of teacher " + tc.ID + " that ends by the plan date"
	}
	school, known := l.schoolByID[cur.SchoolID]
	// serving_school_id describes the current year: when given, even as
	// the post school, it must name the school of the current stint.
	given := l.servingGiven[ti]
	switch {
	case given && (!known || school != tc.Serving):
		l.rowProblem(r, cur.Line, hcSchool, cur.SchoolID, "%s (%s to %s) is at %s, but %s line %d gives serving_school_id (现任教学校) %s: the two must agree",
			what, cur.Start, cur.End, cur.SchoolID, l.teachersName(), tc.Line, l.in.Schools[tc.Serving].ID)
	case given:
	case !known && cur.RunsAt(p):
		*r.probs = append(*r.probs, Problem{Severity: Warning, File: r.t.Name, Line: cur.Line, Column: r.header(hcSchool), Value: cur.SchoolID,
			Message: fmt.Sprintf("the ongoing stint of teacher %s is at %s, which is not in %s: the teacher is not eligible this year but counts at the post school %s",
				tc.ID, cur.SchoolID, l.schoolsName(), l.in.Schools[tc.School].ID)})
	case !known:
		*r.probs = append(*r.probs, Problem{Severity: Warning, File: r.t.Name, Line: cur.Line, Column: r.header(hcSchool), Value: cur.SchoolID,
			Message: fmt.Sprintf("%s is at %s, which is not in %s: the teacher counts at the post school %s in the current standing too",
				what, cur.SchoolID, l.schoolsName(), l.in.Schools[tc.School].ID)})
	case !l.untyped[school] && !l.in.Schools[school].Teaches(tc.Stage):
		s := &l.in.Schools[school]
		l.rowProblem(r, cur.Line, hcSchool, cur.SchoolID, "%s is at %s %s, a %s (%s) school that teaches no %s (%s) stage, where the teacher cannot be counted",
			what, s.ID, s.Name, s.Type, s.Type.ZH(), tc.Stage, tc.Stage.ZH())
	default:
		tc.Serving = school
	}
}

// schoolByName returns the school named name in schools.csv and how many
// schools have that name.
func (l *loader) schoolByName(name string) (school, n int) {
	if l.schoolNames == nil {
		l.schoolNames = make(map[string][]int)
		for i := range l.in.Schools {
			l.schoolNames[l.in.Schools[i].Name] = append(l.schoolNames[l.in.Schools[i].Name], i)
		}
	}
	ss := l.schoolNames[name]
	if len(ss) == 0 {
		return NoSchool, 0
	}
	return ss[0], len(ss)
}

// rowProblem records an error on field c of line of the table r reads.
func (l *loader) rowProblem(r *rowCursor, line, c int, value, format string, args ...any) {
	*r.probs = append(*r.probs, Problem{Severity: Error, File: r.t.Name, Line: line, Column: r.header(c),
		Value: value, Message: fmt.Sprintf(format, args...)})
}

// teachersName is the name of the teachers file, for messages.
func (l *loader) teachersName() string {
	if f := l.files[fileTeachers]; f != nil {
		return f.Name
	}
	return "teachers.csv"
}
