package model

import (
	"cmp"
	"math"
	"slices"
)

// PointTerms are the rotation priority points (积分) of one teacher at the
// plan date, term by term as they add to the total, so that a report can
// show each (DOMAIN §6).
type PointTerms struct {
	Months     int     // continuous months at the post school (Teacher.MonthsAtSchool), also the first tie-break
	Years      float64 // per_year × Months ÷ 12
	Volunteer  float64 // volunteer, for a volunteer
	Backbone   float64 // by backbone level
	RuralTitle float64 // needs_rural_for_title, for a first-title teacher short of a rural year
	Age        float64 // −per_year_over_age × whole years of age above age_threshold; ≤ 0
}

// Total is the teacher's points: the sum of the terms.
func (pt PointTerms) Total() float64 {
	return pt.Years + pt.Volunteer + pt.Backbone + pt.RuralTitle + pt.Age
}

// PointTerms returns the points of teacher t at the plan date under the
// [points] rules. It uses the facts of Instance.Index (ServiceSince,
// RuralMonths), so t must be a teacher of an indexed instance with this
// policy.
func (p *Policy) PointTerms(t *Teacher) PointTerms {
	r := &p.Points
	months := t.MonthsAtSchool(p.PlanDate)
	pt := PointTerms{Months: months, Years: r.PerYear * float64(months) / 12}
	if t.Volunteer {
		pt.Volunteer = r.Volunteer
	}
	if int(t.Backbone) < len(r.Backbone) {
		pt.Backbone = r.Backbone[t.Backbone]
	}
	if t.NeedsRuralForTitle() {
		pt.RuralTitle = r.NeedsRuralForTitle
	}
	if over := t.AgeAt(p.PlanDate) - r.AgeThreshold; over > 0 {
		pt.Age = -r.PerYearOverAge * float64(over)
	}
	return pt
}

// pointsKey is a total rounded to a millionth of a point, as the ranking
// compares totals: twelfths of a year do not add up exactly in floating
// point, and equal points must tie.
func pointsKey(total float64) int64 { return int64(math.Round(total * 1e6)) }

// Ranking is the published rotation priority of a set of eligible
// teachers (DOMAIN §6): higher points rotate first; equal points go to
// more continuous months at the post school, then to the lower teacher_id.
// A teacher's place in that total order is the rank, 1 the first. The
// slices by teacher have the length of Instance.Teachers.
type Ranking struct {
	Order  []int        // the ranked teachers, best first: Order[r-1] has rank r
	Ranks  []int        // by teacher: the rank, 0 for a teacher not ranked
	Terms  []PointTerms // by teacher: the points, zero for a teacher not ranked
	Groups []PriorityGroup
	// GroupOf is by teacher: the index of the teacher's group in Groups, or
	// -1 for a teacher not ranked.
	GroupOf []int
}

// PriorityGroup is the ranked teachers of one post school, stage and
// subject: the teachers among whom a move out of rank order is an
// inversion.
type PriorityGroup struct {
	School   int
	Stage    Stage
	Subject  Subject
	Teachers []int // best ranked first
}

// Rank ranks the eligible teachers (indices into in.Teachers, in any
// order; repeats count once) by their points under in.Policy. Eligibility
// is the caller's rule. Groups are ordered by school, stage and subject.
func Rank(in *Instance, eligible []int) *Ranking {
	n := len(in.Teachers)
	r := &Ranking{Ranks: make([]int, n), Terms: make([]PointTerms, n), GroupOf: make([]int, n)}
	keys := make([]int64, n)
	for i := range r.GroupOf {
		r.GroupOf[i] = -1
	}
	seen := make([]bool, n)
	for _, t := range eligible {
		if seen[t] {
			continue
		}
		seen[t] = true
		r.Terms[t] = in.Policy.PointTerms(&in.Teachers[t])
		keys[t] = pointsKey(r.Terms[t].Total())
		r.Order = append(r.Order, t)
	}
	slices.SortFunc(r.Order, func(a, b int) int {
		return cmp.Or(cmp.Compare(keys[b], keys[a]), cmp.Compare(r.Terms[b].Months, r.Terms[a].Months),
			cmp.Compare(in.Teachers[a].ID, in.Teachers[b].ID))
	})
	for i, t := range r.Order {
		r.Ranks[t] = i + 1
	}

	type groupKey struct {
		school  int
		stage   Stage
		subject Subject
	}
	groups := make(map[groupKey]int)
	for _, t := range r.Order {
		tc := &in.Teachers[t]
		k := groupKey{tc.School, tc.Stage, tc.Subject}
		g, ok := groups[k]
		if !ok {
			g = len(r.Groups)
			groups[k] = g
			r.Groups = append(r.Groups, PriorityGroup{School: tc.School, Stage: tc.Stage, Subject: tc.Subject})
		}
		r.Groups[g].Teachers = append(r.Groups[g].Teachers, t)
	}
	slices.SortFunc(r.Groups, func(a, b PriorityGroup) int {
		return cmp.Or(cmp.Compare(a.School, b.School), cmp.Compare(a.Stage, b.Stage), cmp.Compare(a.Subject, b.Subject))
	})
	for g := range r.Groups {
		for _, t := range r.Groups[g].Teachers {
			r.GroupOf[t] = g
		}
	}
	return r
}

// Better reports whether teacher a ranks before teacher b; a ranked
// teacher ranks before one that is not.
func (r *Ranking) Better(a, b int) bool {
	ra, rb := r.Ranks[a], r.Ranks[b]
	return ra > 0 && (rb == 0 || ra < rb)
}
