package scenarios

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// RoadmapOptions are the settings of a multi-year roadmap.
type RoadmapOptions struct {
	Years int // number of school years to plan; zero means 5
	// Solver settings of every yearly plan; Threads zero means one.
	Solver solver.Options
	// Progress, if set, is called on the planning goroutine after each
	// year is planned, with that year; nil means no calls.
	Progress func(y *Year)
}

// Year is one school year of a roadmap.
type Year struct {
	Year     int         // 1-based
	PlanDate model.Month // first month of the school year
	Returned int         // teachers back at their post school as their stint ended
	Retired  int         // teachers removed at retirement age
	Summary  Summary     // the year's plan
	Hires    Hires       // teachers to hire for the year to meet I1-I3 after its plan
}

// Hires are the teachers a county must hire, beyond rotation, so that
// every in-scope part meets I1, I2 and I3 after a plan: the deficits the
// plan leaves, in whole teachers. Each hire is taken to be qualified (I1)
// and to count for at most one of backbone (I2) and PE/art (I3), so a
// part needs max(⌈I1 deficit⌉, ⌈I2 deficit⌉ + ⌈I3 deficit⌉) hires, of
// them ⌈I2 deficit⌉ backbone and ⌈I3 deficit⌉ PE/art teachers. In a
// roadmap nobody is hired, so a year's hires are what it needs when no
// earlier year hired anyone: they are not to be added up over the years.
type Hires struct {
	Teachers int // hires in all
	Backbone int // of them backbone teachers (county level or higher)
	PEArt    int // of them PE, music or art teachers
}

// HiresNeeded is the hiring that closes the I1-I3 deficits rep leaves in
// its in-scope parts (see Hires).
func HiresNeeded(rep *solver.Report) Hires {
	var h Hires
	for _, p := range rep.Parts {
		if !p.InScope || len(p.Indicators) < model.NumTeacherIndicators {
			continue
		}
		var short [model.NumTeacherIndicators]int
		for k := range short {
			short[k] = teachersShort(p.Indicators[k], p.Students)
		}
		i1, i2, i3 := short[model.Qualified], short[model.BackboneI], short[model.PEArt]
		h.Teachers += max(i1, i2+i3)
		h.Backbone += i2
		h.PEArt += i3
	}
	return h
}

// teachersShort is the number of teachers a part of the given students
// lacks for the teacher indicator v after the plan: zero when it meets
// the threshold (as Summary.AllMeet judges), else at least one.
func teachersShort(v solver.IndicatorValue, students int) int {
	if v.After >= v.Threshold-1e-9 {
		return 0
	}
	need := v.Threshold * float64(students) / 100
	have := math.Round(v.After * float64(students) / 100)
	return max(1, int(math.Ceil(need-have-1e-9)))
}

// Shortfall is a teacher indicator the county cannot meet by rotation in
// one stage: county-wide it has fewer teachers who count for the indicator
// than the in-scope parts need in total.
type Shortfall struct {
	Stage     model.Stage
	Indicator model.Indicator
	Have      int     // teachers of the stage counting for the indicator, county-wide
	Need      float64 // Σ threshold·students/100 over the in-scope parts of the stage
}

// String is the explanation a planner reads.
func (s Shortfall) String() string { return "rotation alone cannot reach " + s.Detail() }

// Detail says which indicator falls short and by how much:
// "I2 (primary): county has 3 backbone primary teachers, parts need 26.0".
func (s Shortfall) Detail() string {
	what := map[model.Indicator]string{model.Qualified: "qualified", model.BackboneI: "backbone", model.PEArt: "PE and art"}[s.Indicator]
	return fmt.Sprintf("%s (%s): county has %d %s %s teachers, parts need %.1f",
		s.Indicator.Code(), s.Stage, s.Have, what, s.Stage, s.Need)
}

// Roadmap is a chain of yearly plans.
type Roadmap struct {
	Years []Year
	// First is the first year (1-based) after whose plan every in-scope part
	// meets I1, I2 and I3; zero when no year does.
	First int
	// Shortfalls are the indicators rotation cannot meet for lack of
	// teachers county-wide, measured in year ShortfallYear: the first year
	// when it has any, else the last year (retirements shrink the staff, and
	// the roadmap hires nobody).
	Shortfalls    []Shortfall
	ShortfallYear int
}

// PlanRoadmap chains yearly plans from in, which it does not change. Each
// year it plans, moves the teachers of the plan for a stint of
// policy.StintYears, then advances the plan date by 12 months: teachers at
// or past retirement age leave, and teachers whose stint ended return to
// their post school, with their arrival (Joined) set to the return month
// so that they are not eligible again until min_years_at_school has passed.
// Teachers on rotation in the data return when their stint of the history
// (history.csv) ends, those whose stint ended in the 12 months up to the
// first plan date in the first year, as the plan counts them; teachers on
// rotation without such a stint are taken to have started theirs the year
// before the first plan.
func PlanRoadmap(ctx context.Context, in *model.Instance, opt RoadmapOptions) (*Roadmap, error) {
	years := opt.Years
	if years == 0 {
		years = 5
	}
	if years < 0 || years > 50 {
		return nil, fmt.Errorf("roadmap of %d years: want 1 to 50", years)
	}
	so := opt.Solver
	if so.Threads == 0 {
		so.Threads = 1
	}
	cur := Clone(in)
	p := &cur.Policy
	// stintEnd holds, by teacher ID, the month a teacher on rotation returns.
	stintEnd := make(map[string]model.Month)
	var back []int // teachers whose stint of the history ended by the first plan date
	for i := range cur.Teachers {
		t := &cur.Teachers[i]
		switch {
		case t.Returning:
			back = append(back, i)
		case !t.OnRotation():
		case t.OngoingStint:
			stintEnd[t.ID] = ongoingEnd(cur, i)
		default:
			stintEnd[t.ID] = p.PlanDate + model.Month(12*(p.StintYears-1))
		}
	}
	rm := &Roadmap{}
	for y := 1; y <= years; y++ {
		yr := Year{Year: y}
		if y > 1 {
			p.PlanDate += 12
			cur.Pins = nil // pins are the planner's edits of the first year
			yr.Returned, yr.Retired = advance(cur, stintEnd)
		}
		yr.PlanDate = p.PlanDate
		if y == 1 {
			yr.Returned = len(back) // the plan counts them back at their post school
		}
		o := Plan(ctx, cur, so)
		yr.Summary = o.Summary
		yr.Hires = HiresNeeded(o.Report)
		rm.Years = append(rm.Years, yr)
		if opt.Progress != nil {
			opt.Progress(&rm.Years[len(rm.Years)-1])
		}
		if y == 1 || len(rm.Shortfalls) == 0 {
			rm.Shortfalls, rm.ShortfallYear = Shortfalls(cur, o.Report), y
		}
		if yr.Summary.AllMeet && rm.First == 0 {
			rm.First = y
		}
		if o.Result.Status == solver.StatusInterrupted {
			return rm, ctx.Err()
		}
		for _, ti := range back {
			cur.Teachers[ti].Serving = cur.Teachers[ti].School
		}
		back = nil
		for ti, d := range o.Result.Plan.Dest {
			if d == solver.Stay {
				continue
			}
			t := &cur.Teachers[ti]
			t.Serving = int(d)
			stintEnd[t.ID] = p.PlanDate + model.Month(12*p.StintYears)
		}
	}
	return rm, nil
}

// ongoingEnd is the end of teacher t's stint of the history that runs at
// the plan date.
func ongoingEnd(in *model.Instance, t int) model.Month {
	for _, s := range in.StintsOf(t) {
		if s.RunsAt(in.Policy.PlanDate) {
			return s.End
		}
	}
	return in.Policy.PlanDate
}

// advance removes the teachers retired at the plan date and brings back
// those whose stint has ended; it returns both counts.
func advance(in *model.Instance, stintEnd map[string]model.Month) (returned, retired int) {
	p := &in.Policy
	keep := in.Teachers[:0:0]
	for _, t := range in.Teachers {
		if p.Retirement(&t) <= p.PlanDate {
			retired++
			delete(stintEnd, t.ID)
			continue
		}
		if end, ok := stintEnd[t.ID]; ok && end <= p.PlanDate {
			t.Serving = t.School
			t.Joined = end
			delete(stintEnd, t.ID)
			returned++
		}
		keep = append(keep, t)
	}
	in.Teachers = keep
	in.Index()
	return returned, retired
}

// Shortfalls lists the teacher indicators (I1-I3) and stages where the
// county as a whole has fewer teachers who count for the indicator than
// the in-scope parts of the stage need together: no rotation can meet them.
// rep is any report of in; only its parts' students, scope and thresholds
// are used.
func Shortfalls(in *model.Instance, rep *solver.Report) []Shortfall {
	var need [model.NumStages][model.NumTeacherIndicators]float64
	for _, pr := range rep.Parts {
		st, err := model.ParseStage(pr.Stage)
		if err != nil || !pr.InScope {
			continue
		}
		for k := range model.NumTeacherIndicators {
			need[st][k] += pr.Indicators[k].Threshold * float64(pr.Students) / 100
		}
	}
	var have [model.NumStages][model.NumTeacherIndicators]int
	for i := range in.Teachers {
		t := &in.Teachers[i]
		if in.Policy.Qualifies(t, t.Stage) {
			have[t.Stage][model.Qualified]++
		}
		if t.Backbone.IsBackbone() {
			have[t.Stage][model.BackboneI]++
		}
		if t.Subject.IsPEArt() {
			have[t.Stage][model.PEArt]++
		}
	}
	var out []Shortfall
	for _, st := range model.Stages {
		for k := range model.NumTeacherIndicators {
			if float64(have[st][k]) < need[st][k]-1e-9 {
				out = append(out, Shortfall{Stage: st, Indicator: model.Indicator(k), Have: have[st][k], Need: need[st][k]})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Shortfall) int { return int(a.Indicator) - int(b.Indicator) })
	return out
}
