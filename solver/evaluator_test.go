package solver

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
)

var (
	bachelor = tspec{stage: model.Primary, subject: model.Chinese, edu: model.Bachelor, years: 10}
	juniorT  = tspec{stage: model.Junior, subject: model.Math, edu: model.Bachelor, years: 10}
)

func TestNineYearSplit(t *testing.T) {
	c := newCounty()
	s := c.school("N1", model.NineYear, model.Rural, false, 300, 200, 113, 28)
	sc := &c.in.Schools[s]
	sc.BuildingArea, sc.SportsArea, sc.EquipmentValue, sc.MultimediaRooms = 5200, 10400, 1_040_000, 26
	c.many(s, 3, bachelor)
	c.many(s, 2, juniorT)
	ev := NewEvaluator(c.build())

	// primary share = 300 / (300 + 1.1·200) = 300/520.
	tests := []struct {
		name  string
		stage model.Stage
		ind   model.Indicator
		want  float64
	}{
		{"primary building", model.Primary, model.Building, 5200.0 * 300 / 520 / 300},
		{"junior building", model.Junior, model.Building, 5200.0 * 220 / 520 / 200},
		{"primary sports", model.Primary, model.Sports, 20},
		{"junior sports", model.Junior, model.Sports, 22},
		{"primary equipment", model.Primary, model.Equipment, 2000},
		{"junior equipment", model.Junior, model.Equipment, 2200},
		{"primary multimedia per 100", model.Primary, model.Multimedia, 5},
		{"junior multimedia per 100", model.Junior, model.Multimedia, 5.5},
		{"primary qualified per 100", model.Primary, model.Qualified, 1},
		{"junior qualified per 100", model.Junior, model.Qualified, 1},
	}
	empty := ev.tally(NewPlan(len(ev.In.Teachers)))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ev.indicator(ev.PartOf(s, tt.stage), tt.ind, &empty)
			assert.InDelta(t, tt.want, got, 1e-9, "got %v, want %v", got, tt.want)
		})
	}
}

func TestScope(t *testing.T) {
	tests := []struct {
		name     string
		typ      model.SchoolType
		students [2]int
		stage    model.Stage
		want     bool
	}{
		{"teaching point of 49 is out", model.TeachingPoint, [2]int{49, 0}, model.Primary, false},
		{"teaching point of 50 is in", model.TeachingPoint, [2]int{50, 0}, model.Primary, true},
		{"primary school of 20 is in", model.PrimarySchool, [2]int{20, 0}, model.Primary, true},
		{"nine-year without junior students: junior out", model.NineYear, [2]int{200, 0}, model.Junior, false},
		{"nine-year without junior students: primary in", model.NineYear, [2]int{200, 0}, model.Primary, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCounty()
			s := c.school("S", tt.typ, model.Rural, false, tt.students[0], tt.students[1], 113, 28)
			c.teacher(s, bachelor)
			ev := NewEvaluator(c.build())
			pt := ev.Parts[ev.PartOf(s, tt.stage)]
			assert.Equal(t, tt.want, pt.InScope, "got in scope %v, want %v", pt.InScope, tt.want)
			if !tt.want {
				assert.Zero(t, pt.Need[model.Qualified], "out-of-scope parts need no I1 teachers")
			}
		})
	}
}

func TestDeficitsAndScore(t *testing.T) {
	c := newCounty()
	// Urban source: 250 primary students, 20 teachers, all eligible.
	u := c.school("U", model.PrimarySchool, model.Urban, false, 250, 0, 113.00, 28.00)
	// Rural receiver 0.1° east (~9.8 km great circle, ×1.3 road).
	r := c.school("R", model.PrimarySchool, model.Rural, false, 250, 0, 113.10, 28.00)
	c.many(u, 18, bachelor)
	c.many(u, 2, tspec{stage: model.Primary, subject: model.PE, edu: model.Bachelor, backbone: model.CityBackbone, years: 8, volunteer: true})
	c.many(r, 8, tspec{stage: model.Primary, subject: model.Chinese, edu: model.Secondary, years: 3})
	in := c.build()
	ev := NewEvaluator(in)

	require.Len(t, ev.Eligible, 20)
	assert.Equal(t, 2, ev.Required, "⌈0.1·20⌉")
	assert.Equal(t, 4, ev.OutCap[u], "⌈0.2·20⌉")
	assert.Equal(t, 3, ev.InCap[r], "max(2, ⌈0.3·8⌉)")

	empty := NewPlan(len(in.Teachers))
	s0 := ev.Score(empty)
	// Receiver needs 10.5 qualified, 2.5 backbone, 2.25 PE/art and has 0 of each.
	pr := ev.Parts[ev.PartOf(r, model.Primary)]
	assert.InDelta(t, 10.5, pr.Need[model.Qualified], 1e-12)
	assert.Equal(t, 2, s0.Hard, "quota shortfall 2, backbone required 0 of 0 moved")

	// Move the two PE backbone teachers: fills 2 qualified, 2 backbone, 2 PE/art at R.
	p := empty.Clone()
	p.Dest[18], p.Dest[19] = int32(r), int32(r)
	s1 := ev.Score(p)
	assert.Equal(t, 0, s1.Hard)
	// R gains 2 qualified, 2 backbone, 2 PE/art (−6); U drops below its
	// backbone need 2.5 (0.5 → 2.5) and PE/art need 2.25 (0.25 → 2.25) (+4).
	want := s0.Medium - 6 + 4 + subjectChange(ev, u, r)
	assert.InDelta(t, want, s1.Medium, 1e-9, "got medium %v, want %v", s1.Medium, want)
	km := model.GreatCircleKm(28, 113, 28, 113.1) * 1.3
	assert.InDelta(t, 2*(10+km), s1.Soft, 1e-9, "two volunteers, no graduating class")
	assert.InDelta(t, 100000*float64(s1.Hard)+100*s1.Medium+s1.Soft, s1.Total, 1e-6)

	// The report's terms add up to the total.
	rep := ev.Report(p)
	var sum float64
	for _, term := range rep.Terms {
		sum += term.Weighted
	}
	assert.InDelta(t, s1.Total, sum, 1e-6, "got terms sum %v, want total %v", sum, s1.Total)
	assert.Equal(t, Quota{Eligible: 20, Required: 2, Moved: 2, BackboneMoved: 2, BackboneRequired: 1}, rep.Quota)
	require.Len(t, rep.Moves, 2)
	assert.Contains(t, rep.Moves[0].Reasons, Reason{Counter: "backbone", Filled: 1})
}

// subjectChange is the change of the PE subject gap terms when two PE
// teachers move from u to r (computed by hand from the needs).
func subjectChange(ev *Evaluator, u, r int) float64 {
	k := subjectCounter(model.PE)
	nu := ev.Parts[ev.PartOf(u, model.Primary)].Need[k]
	nr := ev.Parts[ev.PartOf(r, model.Primary)].Need[k]
	before := math.Max(0, nu-2) + math.Max(0, nr-0)
	after := math.Max(0, nu-0) + math.Max(0, nr-2)
	return after - before
}

func TestEligibility(t *testing.T) {
	c := newCounty()
	c.in.Policy.FixedRetirementAge = true // the ages of the cases: 60 for men, 55 for women
	u := c.school("U", model.PrimarySchool, model.Town, false, 500, 0, 113, 28)
	w := c.school("W", model.PrimarySchool, model.Urban, true, 300, 0, 113.1, 28)
	r := c.school("R", model.PrimarySchool, model.Rural, false, 100, 0, 113.2, 28)
	cases := []struct {
		name   string
		school int
		ts     tspec
		want   Exclusion
	}{
		{"six years exactly", u, tspec{years: 6, age: 40}, Eligible},
		{"five years", u, tspec{years: 5, age: 40}, TooFewYears},
		{"weak school is not a source", w, tspec{years: 10, age: 40}, NotAtSource},
		{"rural school is not a source", r, tspec{years: 10, age: 40}, NotAtSource},
		{"man of 55 is 5 years from 60", u, tspec{years: 10, age: 55}, NearRetirement},
		{"man of 54 is 6 years from 60", u, tspec{years: 10, age: 54}, Eligible},
		{"woman of 50 is 5 years from 55", u, tspec{years: 10, age: 50, gender: model.Female}, NearRetirement},
		{"woman of 49", u, tspec{years: 10, age: 49, gender: model.Female}, Eligible},
		{"principal", u, tspec{years: 10, age: 45, principal: true}, IsPrincipal},
		{"exempt", u, tspec{years: 10, age: 30, exempt: "孕期"}, Exempted},
	}
	for _, tc := range cases {
		c.teacher(tc.school, tc.ts)
	}
	on := c.teacher(u, tspec{years: 10, age: 40})
	c.in.Teachers[on].Serving = r
	in := c.build()
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := Eligibility(in, &in.Teachers[i])
			assert.Equal(t, tc.want, got, "got %v, want %v", got, tc.want)
		})
	}
	got, _ := Eligibility(in, &in.Teachers[on])
	assert.Equal(t, OnRotation, got)
	in.Policy.IncludePrincipals = true
	got, _ = Eligibility(in, &in.Teachers[8])
	assert.Equal(t, Eligible, got, "principals included by policy")
}

func TestQuotaFigures(t *testing.T) {
	tests := []struct {
		eligible, wantRequired int
		moved, wantBackbone    int
	}{
		{eligible: 25, wantRequired: 3, moved: 3, wantBackbone: 1},
		{eligible: 30, wantRequired: 3, moved: 5, wantBackbone: 1},
		{eligible: 31, wantRequired: 4, moved: 6, wantBackbone: 2},
		{eligible: 0, wantRequired: 0, moved: 0, wantBackbone: 0},
	}
	p := model.DefaultPolicy(model.MonthOf(2026, 9))
	for _, tt := range tests {
		assert.Equal(t, tt.wantRequired, p.Required(tt.eligible), "required of %d", tt.eligible)
		assert.Equal(t, tt.wantBackbone, p.BackboneRequired(tt.moved), "backbone required of %d", tt.moved)
	}
}

func TestCompliance(t *testing.T) {
	thr := [7]float64{4.2, 1, 0.9, 4.5, 7.5, 2000, 2.3}
	tests := []struct {
		name string
		v    [7]float64
		want bool
	}{
		{"all met", [7]float64{5, 1, 1, 5, 8, 2100, 3}, true},
		{"one at 85%", [7]float64{5, 0.85, 1, 5, 8, 2100, 3}, true},
		{"one below 85%", [7]float64{5, 0.84, 1, 5, 8, 2100, 3}, false},
		{"two at 90%", [7]float64{5, 0.9, 0.81, 5, 8, 2100, 3}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Complies(thr, tt.v))
		})
	}
}

func TestDeltaMatchesFullRecompute(t *testing.T) {
	c := newCounty()
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 12 {
		loc := []model.Locale{model.Urban, model.Town, model.Rural}[i%3]
		typ := []model.SchoolType{model.PrimarySchool, model.JuniorSchool, model.NineYear, model.TeachingPoint}[i%4]
		s := c.school(string(rune('A'+i)), typ, loc, i%5 == 0, 40+rng.IntN(400), 40+rng.IntN(300), 113+rng.Float64()*0.3, 28+rng.Float64()*0.3)
		for range 5 + rng.IntN(20) {
			st := model.Primary
			if !c.in.Schools[s].Teaches(st) || (c.in.Schools[s].Teaches(model.Junior) && rng.IntN(2) == 0) {
				st = model.Junior
			}
			c.teacher(s, tspec{
				stage: st, subject: model.Subject(rng.IntN(model.NumSubjects)), edu: model.Education(rng.IntN(6)),
				backbone: model.Backbone(rng.IntN(3)), years: rng.IntN(15), age: 25 + rng.IntN(30),
				volunteer: rng.IntN(3) == 0, grad: rng.IntN(5) == 0,
			})
		}
	}
	in := c.build()
	// A pin of each kind on the first eligible teachers with candidates.
	ev := NewEvaluator(in)
	var movers []int
	for ti := range in.Teachers {
		if len(ev.Cands[ti]) > 1 {
			movers = append(movers, ti)
		}
	}
	require.Greater(t, len(movers), 10)
	in.Pins = []model.Pin{
		{Teacher: movers[0], Action: model.PinStay, School: model.NoSchool},
		{Teacher: movers[1], Action: model.PinForbid, School: int(ev.Cands[movers[1]][0].School)},
		{Teacher: movers[2], Action: model.PinMove, School: int(ev.Cands[movers[2]][1].School)},
	}
	ev = NewEvaluator(in)
	st := ev.NewState()
	st.Assert = true
	for range 3000 {
		ti := movers[rng.IntN(len(movers))]
		ci := rng.IntN(len(ev.Cands[ti])+1) - 1
		if len(ev.Cands[ti]) == 0 {
			ci = -1
		}
		d := st.Delta(ti, ci)
		before := st.Score()
		st.Apply(ti, ci) // panics if the running score and a full recompute disagree
		assert.InDelta(t, before.Total+d.Total, st.Score().Total, 1e-6)
	}
	full := ev.Score(st.Plan())
	assert.InDelta(t, full.Total, st.Score().Total, 1e-6, "got %v, want %v", st.Score().Total, full.Total)
}

func TestReportExplainsShortfall(t *testing.T) {
	c := newCounty()
	u := c.school("U", model.PrimarySchool, model.Urban, false, 200, 0, 113.0, 28.0)
	r := c.school("R", model.PrimarySchool, model.Rural, false, 100, 0, 114.0, 28.0) // ~98 km × 1.3: out of reach
	c.many(u, 20, bachelor)
	c.many(r, 6, bachelor)
	ev := NewEvaluator(c.build())
	rep := ev.Report(NewPlan(len(ev.In.Teachers)))
	assert.False(t, rep.Score.Feasible)
	var quota *Term
	for i := range rep.Terms {
		if rep.Terms[i].Name == "quota_shortfall" {
			quota = &rep.Terms[i]
		}
	}
	require.NotNil(t, quota)
	assert.Equal(t, 2.0, quota.Amount, "got shortfall %v, want ⌈0.1·20⌉ = 2", quota.Amount)
	require.Len(t, quota.Items, 1)
	assert.Contains(t, quota.Items[0].Detail, "0 of 20 eligible teachers have a receiver")
}

func TestDiff(t *testing.T) {
	in := randomCounty(11, 16)
	ev := NewEvaluator(in)
	var movers []int
	for ti := range ev.Cands {
		if len(ev.Cands[ti]) > 1 {
			movers = append(movers, ti)
		}
	}
	require.GreaterOrEqual(t, len(movers), 3)
	a, b := NewPlan(len(in.Teachers)), NewPlan(len(in.Teachers))
	a.Dest[movers[0]] = ev.Cands[movers[0]][0].School // only in a
	b.Dest[movers[1]] = ev.Cands[movers[1]][0].School // only in b
	a.Dest[movers[2]] = ev.Cands[movers[2]][0].School // changed
	b.Dest[movers[2]] = ev.Cands[movers[2]][1].School
	d := ev.Diff(a, b)
	require.Len(t, d.OnlyA, 1)
	require.Len(t, d.OnlyB, 1)
	require.Len(t, d.Changed, 1)
	assert.Equal(t, in.Teachers[movers[0]].ID, d.OnlyA[0].ID)
	assert.Equal(t, in.Teachers[movers[1]].ID, d.OnlyB[0].ID)
	assert.Equal(t, in.Teachers[movers[2]].ID, d.Changed[0].TeacherID)
	want := ev.Score(b).Total - ev.Score(a).Total
	assert.InDelta(t, want, d.Score.Total, 1e-6, "got total change %v, want %v", d.Score.Total, want)
	var sum float64
	for _, tc := range d.Terms {
		sum += tc.WeightedChange
	}
	assert.InDelta(t, want, sum, 1e-6, "term changes add up to the total change")
}
