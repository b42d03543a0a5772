package model

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

// Wish is one row of wishes.csv (志愿.csv): a receiving school a teacher
// would like to rotate to, ranked. The teacher and the school are kept by
// their codes (see Instance).
type Wish struct {
	TeacherID string
	Rank      int // as written: 1 is the first wish
	SchoolID  string
	Line      int    // line in wishes.csv, for messages; 0 when built in code
	File      string // the file it was read from, for messages; empty when built in code
}

// WishColumns are the columns of wishes.csv (志愿.csv).
var WishColumns = []Column{
	{Key: "teacher_id", ZH: "教职工号", Required: true, Aliases: []string{"工号", "教职工编号", "职工号", "教师编号"}},
	{Key: "rank", ZH: "志愿顺序", Required: true, Aliases: []string{"志愿序号", "志愿", "顺序", "序号", "order"}},
	{Key: "school_id", ZH: "志愿学校代码", Required: true, Aliases: []string{"学校代码", "交流学校代码", "志愿学校", "to_school_id"}},
}

// Fields of wishes.csv: indices into WishColumns.
const (
	wcTeacher = iota
	wcRank
	wcSchool
)

var wishColumnSet = newColumnSet(WishColumns)

// WishesOf returns the schools teacher t wished for, first wish first: the
// school at position i is wish i+1, gaps in the ranks written closed up.
// It is nil for a teacher who listed none.
func (in *Instance) WishesOf(t int) []int {
	if t < 0 || t >= len(in.wishes) {
		return nil
	}
	return in.wishes[t]
}

// WishRank is the rank of school s among the wishes of teacher t, 1 for
// the first wish, or 0 when s is none of them.
func (in *Instance) WishRank(t, s int) int {
	for i, w := range in.WishesOf(t) {
		if w == s {
			return i + 1
		}
	}
	return 0
}

// WishCost is the soft cost of moving teacher t to school s (DOMAIN §6):
// wish_rank × (rank − 1) when s is one of the teacher's wishes,
// outside_wishes when it is not, and 0 for a teacher who listed no wishes.
func (in *Instance) WishCost(t, s int) float64 {
	ws := in.WishesOf(t)
	if len(ws) == 0 {
		return 0
	}
	if r := in.WishRank(t, s); r > 0 {
		return in.Policy.Weights.WishRank * float64(r-1)
	}
	return in.Policy.Weights.OutsideWishes
}

// indexWishes builds each teacher's ranked wished schools from Wishes,
// skipping rows whose teacher or school is gone and repeated schools.
func (in *Instance) indexWishes() {
	in.wishes = nil
	if len(in.Wishes) == 0 {
		return
	}
	rows := make([][]int, len(in.Teachers)) // by teacher: indices into Wishes
	for k := range in.Wishes {
		if t, ok := in.teacherIndex[in.Wishes[k].TeacherID]; ok {
			rows[t] = append(rows[t], k)
		}
	}
	in.wishes = make([][]int, len(in.Teachers))
	for t, ks := range rows {
		slices.SortStableFunc(ks, func(a, b int) int { return cmp.Compare(in.Wishes[a].Rank, in.Wishes[b].Rank) })
		for _, k := range ks {
			s, ok := in.schoolIndex[in.Wishes[k].SchoolID]
			if ok && !slices.Contains(in.wishes[t], s) {
				in.wishes[t] = append(in.wishes[t], s)
			}
		}
	}
}

// loadWishes parses wishes.csv into l.in.Wishes. A wish names a teacher of
// the teachers file and a receiving school (rural or weak) of schools.csv
// that teaches the teacher's stage; a teacher gives each rank and each
// school once. Ranks that skip a number are a warning: wishes are taken in
// rank order.
//
// Whether the teacher is eligible this year is the solver's rule; the
// loader does not judge it.
func (l *loader) loadWishes(t *Table) {
	m, probs := mapHeader(t, wishColumnSet, true)
	l.probs = append(l.probs, probs...)
	if len(probs.Errors()) > 0 {
		return
	}
	r := newRowCursor(t, wishColumnSet, m, &l.probs)
	type key struct{ teacher, v int }
	rankLine := make(map[key]int)   // (teacher, rank) → line
	schoolLine := make(map[key]int) // (teacher, school) → line
	byTeacher := make(map[int][]int)
	rows := make(map[int]int) // teacher → its rows, taken or in error
	l.in.Wishes = make([]Wish, 0, t.Len())
	for i := range t.Len() {
		r.at(i)
		w := Wish{Line: r.line, File: t.Name}
		teacher, ok := -1, true
		if id, idOK := r.required(wcTeacher, "a teacher number of the teachers file"); !idOK {
			ok = false
		} else if w.TeacherID = id; l.teachersOK {
			var known bool
			if teacher, known = l.teacherByID[id]; !known {
				r.errorf(wcTeacher, "unknown teacher %s: not in the teachers file%s", id, l.teacherHint(id))
				ok = false
			}
		}
		if v, vOK := r.required(wcRank, "the rank of the wish: 1 for the first"); !vOK {
			ok = false
		} else if n, err := parseCount(v); err != nil || n < 1 {
			if f, ferr := strconv.ParseFloat(stripThousands(v), 64); (ferr == nil && f > maxCount) || isOverflow(v) {
				r.errorf(wcRank, "got %q: too large, want the rank of the wish: an integer from 1 to %d, 1 for the first", v, maxCount)
			} else {
				r.errorf(wcRank, "got %q, want the rank of the wish: an integer ≥ 1, 1 for the first", v)
			}
			ok = false
		} else {
			w.Rank = n
		}
		school := NoSchool
		if id, idOK := r.required(wcSchool, "the code of a receiving school"); !idOK {
			ok = false
		} else if w.SchoolID = id; l.schoolsOK {
			var known bool
			if school, known = l.schoolByID[id]; !known {
				r.errorf(wcSchool, "unknown school %s: not in %s%s", id, l.schoolsName(), l.schoolHint(id))
				ok = false
			}
		}
		if teacher >= 0 {
			rows[teacher]++
		}
		if !ok || teacher < 0 || school == NoSchool {
			continue
		}
		if !l.wishRules(r, teacher, school) {
			continue
		}
		if line, dup := rankLine[key{teacher, w.Rank}]; dup {
			r.errorf(wcRank, "teacher %s gives rank %d twice, first on line %d: each wish has its own rank", w.TeacherID, w.Rank, line)
			continue
		}
		if line, dup := schoolLine[key{teacher, school}]; dup {
			r.errorf(wcSchool, "teacher %s wishes for school %s twice, first on line %d", w.TeacherID, w.SchoolID, line)
			continue
		}
		rankLine[key{teacher, w.Rank}] = w.Line
		schoolLine[key{teacher, school}] = w.Line
		byTeacher[teacher] = append(byTeacher[teacher], len(l.in.Wishes))
		l.in.Wishes = append(l.in.Wishes, w)
	}
	teachers := make([]int, 0, len(byTeacher))
	for ti := range byTeacher {
		teachers = append(teachers, ti)
	}
	slices.Sort(teachers)
	for _, ti := range teachers {
		ks := byTeacher[ti]
		if len(ks) < rows[ti] {
			continue // a row in error: the gap may be its rank, and the error says so
		}
		slices.SortFunc(ks, func(a, b int) int { return cmp.Compare(l.in.Wishes[a].Rank, l.in.Wishes[b].Rank) })
		for i, k := range ks {
			if w := &l.in.Wishes[k]; w.Rank != i+1 {
				*r.probs = append(*r.probs, Problem{Severity: Warning, File: t.Name, Line: w.Line, Column: r.header(wcRank),
					Value:   strconv.Itoa(w.Rank),
					Message: fmt.Sprintf("the wishes of teacher %s skip rank %d: wishes are taken in rank order, so this one counts as wish %d", w.TeacherID, i+1, i+1)})
				break
			}
		}
	}
}

// wishRules checks that school can take teacher as a wish, recording an
// error on the school column when it cannot.
func (l *loader) wishRules(r *rowCursor, teacher, school int) bool {
	tc := &l.in.Teachers[teacher]
	s := &l.in.Schools[school]
	switch {
	case school == tc.School:
		r.errorf(wcSchool, "teacher %s holds the post at %s; a wish names another school", tc.ID, s.ID)
	case !s.IsReceiver():
		r.errorf(wcSchool, "school %s %s cannot receive teachers: it is neither rural nor weak (urban_rural, weak), and only rural or weak schools receive teachers", s.ID, s.Name)
	case !l.untyped[school] && tc.School != NoSchool && !s.Teaches(tc.Stage):
		r.errorf(wcSchool, "school %s %s is a %s (%s) school and teaches no %s (%s) stage, the stage of teacher %s", s.ID, s.Name, s.Type, s.Type.ZH(), tc.Stage, tc.Stage.ZH(), tc.ID)
	default:
		return true
	}
	return false
}
