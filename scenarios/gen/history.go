package gen

import (
	"fmt"
	"math"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// Shares of the teachers' history (history.csv) and wishes (wishes.csv).
const (
	// returnP is the chance a seasoned source-school teacher comes back
	// from a stint that ends at the plan date: the cohort of earlier years.
	returnP = 0.015
	// recentP is the chance a source-school teacher came back from a stint
	// one to three years ago: continuous service restarts at its end, so
	// the teacher is not eligible yet.
	recentP = 0.02
	// oldP is the chance of a stint long ago, while holding the post:
	// service restarts at its end, still more than six years before the
	// plan date.
	oldP = 0.05
	// earlyP is the chance a teacher of 30 or more served a stint before
	// joining the post school (支教 in the first years of a career), the
	// rural year the senior title asks for.
	earlyP = 0.12
	// closedP is the chance an early stint was at a school that has closed
	// since (not in schools.csv), marked rural in history.csv.
	closedP = 0.1
	// wishP is the chance an eligible teacher lists wishes: volunteers
	// mostly do, the others less often; about 30% overall.
	wishVolunteerP = 0.7
	wishOtherP     = 0.25
	// stintKm bounds the distance of a stint's school from the post school.
	stintKm = 35.0
)

// wishCount weighs 1 to 5 wishes.
var wishCount = []float64{0.25, 0.2, 0.2, 0.15, 0.2}

// stintKinds weighs the kinds of a stint: rotation, support, shared, group, other.
var stintKinds = []float64{0.7, 0.2, 0.05, 0, 0.05}

// history draws the stints of history.csv and the wishes of wishes.csv for
// every teacher, once every county is laid out, so that the schools and
// teachers are what the same seed made before history existed. Teachers
// already on rotation (rotations) get their ongoing stint; some seasoned
// source-school teachers return at the plan date from a stint at a
// receiving school nearby, which they serve at in the current standing;
// others came back one to three years ago or long ago, or served a stint
// before joining the post school. Then about 30% of the eligible teachers
// list one to five receiving schools they can reach (within
// max_distance_km, teaching their stage), nearer ones more likely.
func (g *generator) history() {
	in := g.in
	p := PlanDate
	near := g.nearSchools(stintKm)
	closed := make(map[string]int) // county prefix → closed schools named
	for ti := range in.Teachers {
		t := &in.Teachers[ti]
		home := &in.Schools[t.School]
		age := t.Birth.YearsUntil(p)
		var stints []model.Stint
		// A stint before the post school, in the first years of a career.
		if age >= 30 && g.chance(earlyP) {
			years := 1 + g.r.IntN(2)
			first := t.Birth + model.Month(12*22)
			if last := t.Joined - model.Month(12*years); last >= first {
				start := first + model.Month(g.r.IntN(int(last-first)+1))
				if start = model.MonthOf(start.Year(), 9); start > last {
					start -= 12
				}
				if start >= first {
					s := model.Stint{TeacherID: t.ID, Start: start, End: start + model.Month(12*years),
						Kind: model.StintKind(g.pick(stintKinds)), Rural: true}
					if g.chance(closedP) {
						prefix := t.ID[:4]
						closed[prefix]++
						s.SchoolID = fmt.Sprintf("%s9%03d", prefix, closed[prefix])
					} else if r := g.oneOf(near.receivers[t.School][t.Stage]); r >= 0 {
						s.SchoolID = in.Schools[r].ID
					}
					if s.SchoolID != "" {
						stints = append(stints, s)
					}
				}
			}
		}
		switch {
		case t.OnRotation():
			// Last year's rotation (rotations): a stint that started one or
			// two years ago and runs past the plan date.
			start := model.MonthOf(p.Year()-1-g.r.IntN(2), 9)
			s := model.Stint{TeacherID: t.ID, SchoolID: in.Schools[t.Serving].ID, Start: start,
				Kind: model.StintKind(g.pick(stintKinds)), Rural: true}
			if g.chance(0.7) {
				s.End, s.OpenEnd = start+model.Month(12*in.Policy.StintYears), true
			} else {
				s.End = p + 12
			}
			stints = append(stints, s)
		case !home.IsSource() || t.Principal || t.Exempt != "":
		case g.chance(returnP):
			years := 1 + g.r.IntN(3)
			end := p
			if g.chance(0.2) {
				end = model.MonthOf(p.Year(), 7)
			}
			start := end - model.Month(12*years)
			r := g.oneOf(near.receivers[t.School][t.Stage])
			if r < 0 || start < t.Joined+24 {
				break
			}
			t.Serving = r
			stints = append(stints, model.Stint{TeacherID: t.ID, SchoolID: in.Schools[r].ID, Start: start, End: end,
				Kind: model.StintKind(g.pick(stintKinds)), Rural: true})
		case g.chance(recentP):
			years := 1 + g.r.IntN(3)
			end := model.MonthOf(p.Year()-1-g.r.IntN(2), 9)
			g.addStint(&stints, t, near, end-model.Month(12*years), end)
		case g.chance(oldP):
			years := 1 + g.r.IntN(2)
			end := model.MonthOf(p.Year()-7-g.r.IntN(8), 9)
			g.addStint(&stints, t, near, end-model.Month(12*years), end)
		}
		in.History = append(in.History, stints...)
	}
	in.Index()
	g.wishes()
}

// addStint appends an ended stint of teacher t from start to end served
// while holding the post, when the teacher held it two years before: at a
// receiving school nearby, or now and then at another source school of the
// teacher's stage (an exchange within an education group, not rural).
func (g *generator) addStint(stints *[]model.Stint, t *model.Teacher, near *nearby, start, end model.Month) {
	if start < t.Joined+24 {
		return
	}
	s := model.Stint{TeacherID: t.ID, Start: start, End: end, OpenEnd: false}
	if g.chance(0.15) {
		if r := g.oneOf(near.sources[t.School][t.Stage]); r >= 0 {
			s.SchoolID, s.Kind = g.in.Schools[r].ID, model.StintGroup
			*stints = append(*stints, s)
			return
		}
	}
	r := g.oneOf(near.receivers[t.School][t.Stage])
	if r < 0 {
		return
	}
	s.SchoolID, s.Kind, s.Rural = g.in.Schools[r].ID, model.StintKind(g.pick(stintKinds)), true
	*stints = append(*stints, s)
}

// nearby lists, for every school and stage, the other schools of the
// stage within a distance: receivers other than teaching points, and
// sources.
type nearby struct {
	receivers [][model.NumStages][]int
	sources   [][model.NumStages][]int
}

func (g *generator) nearSchools(km float64) *nearby {
	in := g.in
	n := &nearby{receivers: make([][model.NumStages][]int, len(in.Schools)), sources: make([][model.NumStages][]int, len(in.Schools))}
	for a := range in.Schools {
		sa := &in.Schools[a]
		for b := range in.Schools {
			sb := &in.Schools[b]
			if a == b || sb.Type == model.TeachingPoint || math.Abs(sa.Lat-sb.Lat) > km/100 ||
				model.GreatCircleKm(sa.Lat, sa.Lon, sb.Lat, sb.Lon) > km {
				continue
			}
			for _, st := range model.Stages {
				if !sa.Teaches(st) || !sb.Teaches(st) {
					continue
				}
				if sb.IsReceiver() {
					n.receivers[a][st] = append(n.receivers[a][st], b)
				} else {
					n.sources[a][st] = append(n.sources[a][st], b)
				}
			}
		}
	}
	return n
}

// oneOf draws one element of xs, or −1 when it is empty.
func (g *generator) oneOf(xs []int) int {
	if len(xs) == 0 {
		return -1
	}
	return xs[g.r.IntN(len(xs))]
}

// wishes gives about 30% of the eligible teachers one to five ranked
// wishes among the receiving schools they can reach: within
// max_distance_km of the post school, teaching their stage. A school is
// drawn with weight 1/(1 + km/8)², a teaching point a third as often, and
// wishes are ranked in the order drawn, so nearer schools tend to come
// first.
func (g *generator) wishes() {
	in := g.in
	maxKm := in.Policy.MaxDistanceKm
	type reach struct {
		schools []int
		weights []float64
	}
	reachable := make(map[[2]int]*reach) // (school, stage) → receivers
	var w []float64
	for ti := range in.Teachers {
		t := &in.Teachers[ti]
		if ex, _ := solver.Eligibility(in, t); ex != solver.Eligible {
			continue
		}
		p := wishOtherP
		if t.Volunteer {
			p = wishVolunteerP
		}
		if !g.chance(p) {
			continue
		}
		key := [2]int{t.School, int(t.Stage)}
		rc := reachable[key]
		if rc == nil {
			rc = &reach{}
			for r := range in.Schools {
				s := &in.Schools[r]
				if !s.IsReceiver() || !s.Teaches(t.Stage) || r == t.School {
					continue
				}
				d := in.DistanceKm(t.School, r)
				if d > maxKm {
					continue
				}
				wt := 1 / ((1 + d/8) * (1 + d/8))
				if s.Type == model.TeachingPoint {
					wt /= 3
				}
				rc.schools = append(rc.schools, r)
				rc.weights = append(rc.weights, wt)
			}
			reachable[key] = rc
		}
		n := min(1+g.pick(wishCount), len(rc.schools))
		w = append(w[:0], rc.weights...)
		for rank := 1; rank <= n; rank++ {
			k := g.pick(w)
			w[k] = 0
			in.Wishes = append(in.Wishes, model.Wish{TeacherID: t.ID, Rank: rank, SchoolID: in.Schools[rc.schools[k]].ID})
		}
	}
	in.Index()
}
