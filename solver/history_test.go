package solver

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
)

// historyCounty is one town primary U and one rural primary R, 5 km
// apart, with teachers whose stints (history.csv) are given per
// case; the plan date is 2026-09.
func historyCounty() (*county, int, int) {
	c := newCounty()
	u := c.school("U", model.PrimarySchool, model.Town, false, 450, 0, 113, 28)
	r := c.school("R", model.PrimarySchool, model.Rural, false, 90, 0, 113.05, 28)
	return c, u, r
}

// stint adds a stint of teacher t at school s from start to end.
func (c *county) stint(t int, s string, start, end model.Month) {
	c.in.History = append(c.in.History, model.Stint{TeacherID: c.in.Teachers[t].ID, SchoolID: s, Start: start, End: end})
}

func TestEligibilityWithHistory(t *testing.T) {
	ym := model.MonthOf
	cases := []struct {
		name    string
		years   int // at the post school since Joined
		start   model.Month
		end     model.Month
		serving bool // serving_school_id names the stint's school
		want    Exclusion
	}{
		{"no history, ten years", 10, 0, 0, false, Eligible},
		// back 2020-09: 6 years of continuous service, exactly enough
		{"back six years ago", 20, ym(2017, 9), ym(2020, 9), false, Eligible},
		// back 2021-09: 5 years since the return, though 20 since Joined
		{"back five years ago", 20, ym(2018, 9), ym(2021, 9), false, TooFewYears},
		// back 2022-08: 4 years 1 month, as D of fairness-tiny
		{"back 49 months ago", 20, ym(2019, 9), ym(2022, 8), false, TooFewYears},
		// the stint ends at the plan date: back this year
		{"returning", 15, ym(2023, 9), ym(2026, 9), true, Returning},
		// ended 11 months ago: still the return of this year
		{"returning, ended 11 months ago", 15, ym(2022, 10), ym(2025, 10), true, Returning},
		// ended 12 months ago: a year of service since, too few years
		{"ended a year ago", 15, ym(2022, 9), ym(2025, 9), false, TooFewYears},
		{"ongoing", 15, ym(2025, 9), ym(2028, 9), true, OnRotation},
		{"ongoing at a school no longer in schools.csv", 15, ym(2025, 9), ym(2028, 9), false, OnRotation},
	}
	c, u, r := historyCounty()
	for _, tc := range cases {
		ti := c.teacher(u, tspec{years: tc.years, age: 45})
		if tc.end == 0 {
			continue
		}
		school := "R"
		if tc.name == "ongoing at a school no longer in schools.csv" {
			school = "GONE"
		}
		c.stint(ti, school, tc.start, tc.end)
		if tc.serving {
			c.in.Teachers[ti].Serving = r
		}
	}
	in := c.build()
	ev := NewEvaluator(in)
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, detail := Eligibility(in, &in.Teachers[i])
			assert.Equal(t, tc.want, got, "got %v (%s), want %v", got, detail, tc.want)
			assert.Equal(t, tc.want, ev.Exclusion[i], "evaluator: got %v, want %v", ev.Exclusion[i], tc.want)
			if tc.want != Eligible {
				assert.Empty(t, ev.Cands[i], "a teacher who is not eligible has no destination")
				assert.NotEmpty(t, ev.Invalid(i, r), "moving a teacher who is not eligible is invalid")
			}
		})
	}
}

func TestExclusionNames(t *testing.T) {
	for e := Eligible; e <= NearRetirement; e++ {
		assert.NotEmpty(t, e.String(), "name of %d", e)
		assert.NotEmpty(t, e.ZH(), "Chinese of %v", e)
	}
	assert.Equal(t, "returning", Returning.String())
	assert.Equal(t, "交流期满返回", Returning.ZH())
	assert.Equal(t, "on_rotation", OnRotation.String())
}

// A teacher returning from R to U counts at R in the current standing and
// at U in the planned year; one on an ongoing stint at R counts at R in
// both.
func TestReturningCounters(t *testing.T) {
	ym := model.MonthOf
	c, u, r := historyCounty()
	// U: 10 math teachers, qualified; R: 1 math teacher.
	c.many(u, 10, tspec{subject: model.Math, edu: model.Bachelor, years: 10})
	c.teacher(r, tspec{subject: model.Math, edu: model.Bachelor, years: 3})
	back := c.teacher(u, tspec{subject: model.Math, edu: model.Bachelor, backbone: model.CountyBackbone, years: 15})
	c.stint(back, "R", ym(2023, 9), ym(2026, 9))
	c.in.Teachers[back].Serving = r
	away := c.teacher(u, tspec{subject: model.Math, edu: model.Bachelor, backbone: model.CountyBackbone, years: 15})
	c.stint(away, "R", ym(2025, 9), ym(2028, 9))
	c.in.Teachers[away].Serving = r
	in := c.build()
	require.True(t, in.Teachers[back].Returning)
	require.Equal(t, r, in.Teachers[back].ReturnFrom)
	require.True(t, in.Teachers[away].OngoingStint)
	ev := NewEvaluator(in)

	pu, pr := ev.PartOf(u, model.Primary), ev.PartOf(r, model.Primary)
	math := subjectCounter(model.Math)
	cases := []struct {
		name     string
		c        counts
		part     int
		bb, math int32
	}{
		{"planned year U", ev.tally(NewPlan(len(in.Teachers))), pu, 1, 11},
		{"planned year R", ev.tally(NewPlan(len(in.Teachers))), pr, 1, 2},
		{"current standing U", ev.standing(), pu, 0, 10},
		{"current standing R", ev.standing(), pr, 2, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.c.cnt[tc.part*numCounters+int(model.BackboneI)]
			assert.Equal(t, tc.bb, got, "backbone: got %d, want %d", got, tc.bb)
			got = tc.c.cnt[tc.part*numCounters+math]
			assert.Equal(t, tc.math, got, "math: got %d, want %d", got, tc.math)
		})
	}
	assert.Equal(t, 11, ev.Serving[u], "teachers at U in the planned year")
	assert.Equal(t, 2, ev.Serving[r], "teachers at R in the planned year")

	rep := ev.Report(NewPlan(len(in.Teachers)))
	for _, p := range rep.Parts {
		switch p.SchoolID {
		case "U":
			assert.Equal(t, 10, p.TeachersBefore, "U before")
			assert.Equal(t, 11, p.TeachersAfter, "U after")
		case "R":
			assert.Equal(t, 3, p.TeachersBefore, "R before")
			assert.Equal(t, 2, p.TeachersAfter, "R after")
			bbI := p.Indicators[model.BackboneI]
			assert.InDelta(t, 2*100.0/90, bbI.Before, 1e-9, "R backbone per 100 students before")
			assert.InDelta(t, 1*100.0/90, bbI.After, 1e-9, "R backbone per 100 students after")
		}
	}

	// The delta of a move agrees with the full recompute from the
	// planned-year counters; the MIP's objective with the score.
	s := ev.NewState()
	s.Assert = true
	m := ev.MIP()
	for ti := range in.Teachers {
		if len(ev.Cands[ti]) > 0 {
			s.Apply(ti, 0)
		}
	}
	plan := s.Plan()
	require.NotZero(t, plan.Moves())
	obj, err := objectiveAt(m, plan)
	require.NoError(t, err)
	want := ev.Score(plan).Total
	assert.InDelta(t, want, obj, 1e-6, "MIP objective: got %v, want %v", obj, want)
}

func TestFairnessTinyScore(t *testing.T) {
	in, _, err := model.Load("../model/testdata/fairness-tiny", model.LoadOptions{})
	require.NoError(t, err)
	ev := NewEvaluator(in)
	moves, _, err := model.ReadAssignments("../model/testdata/fairness-tiny/plan.csv", in, model.LoadOptions{})
	require.NoError(t, err)
	plan := NewPlan(len(in.Teachers))
	for _, mv := range moves {
		plan.Dest[mv.Teacher] = int32(mv.To)
	}
	require.Equal(t, 4, plan.Moves())

	rep := ev.Report(plan)
	assert.Equal(t, Quota{Eligible: 8, Required: 1, Moved: 4, BackboneMoved: 1, BackboneRequired: 1}, rep.Quota)
	sc := ev.Score(plan)
	assert.Equal(t, 0, sc.Hard, "hard")
	assert.InDelta(t, 71.4, sc.Medium, 1e-9, "medium")
	// 4 moves, 40.526 km, 3 non-volunteers and M outside its wishes.
	assert.InDelta(t, 4*10+40.526+3*20+20, sc.Soft, 1e-3, "soft")
	assert.InDelta(t, 7300.527, sc.Total, 1e-3, "total")
	terms := map[string]float64{}
	for _, tm := range rep.Terms {
		terms[tm.Name] = tm.Amount
	}
	deficits := terms["deficit_qualified"] + terms["deficit_backbone"] + terms["deficit_pe_art"]
	assert.InDelta(t, 40.2, deficits, 1e-9, "deficits")
	assert.InDelta(t, 31.2, terms["subject_gap"], 1e-9, "subject gaps")

	// Teachers per school: F at R1 now and back at S1 in the planned year,
	// J at R2 in both.
	want := map[string][2]int{"S1": {21, 18}, "R1": {3, 4}, "R2": {3, 5}}
	for _, p := range rep.Parts {
		got := [2]int{p.TeachersBefore, p.TeachersAfter}
		assert.Equal(t, want[p.SchoolID], got, "%s teachers before, after: got %v, want %v", p.SchoolID, got, want[p.SchoolID])
	}

	m := ev.MIP()
	obj, err := objectiveAt(m, plan)
	require.NoError(t, err)
	assert.InDelta(t, sc.Total, obj, 1e-6, "MIP objective: got %v, want %v", obj, sc.Total)
}

// TestFairnessTinyComplaints reproduces the complaints of the worked
// example: in the group S1 · primary · math ranked B, A, M, E, C, E stays
// while C moves (one inversion, C's); M, better ranked than C and of the
// same class, wished R2 where C went while M went to R1 (one envy, M's).
// In enforce mode each is a hard unit.
func TestFairnessTinyComplaints(t *testing.T) {
	for _, mode := range []model.PriorityMode{model.PriorityReport, model.PriorityEnforce, model.PriorityOff} {
		t.Run(mode.String(), func(t *testing.T) {
			in, _, err := model.Load("../model/testdata/fairness-tiny", model.LoadOptions{})
			require.NoError(t, err)
			in.Policy.Priority = mode
			ev := NewEvaluator(in)
			moves, _, err := model.ReadAssignments("../model/testdata/fairness-tiny/plan.csv", in, model.LoadOptions{})
			require.NoError(t, err)
			plan := NewPlan(len(in.Teachers))
			for _, mv := range moves {
				plan.Dest[mv.Teacher] = int32(mv.To)
			}
			rep := ev.Report(plan)
			sc := ev.Score(plan)
			if mode == model.PriorityOff {
				assert.Empty(t, rep.Inversions)
				assert.Empty(t, rep.Envy)
				assert.InDelta(t, 7300.527, sc.Total, 1e-3)
				return
			}
			require.Len(t, rep.Inversions, 1)
			inv := rep.Inversions[0]
			assert.Equal(t, [2]string{"C", "E"}, [2]string{inv.TeacherID, inv.OtherID}, "inversion: got %s about %s", inv.TeacherID, inv.OtherID)
			assert.Equal(t, "R2", inv.TeacherTo)
			assert.Equal(t, [2]int{7, 6}, [2]int{inv.Rank, inv.OtherRank})
			require.Len(t, rep.Envy, 1)
			envy := rep.Envy[0]
			assert.Equal(t, [2]string{"M", "C"}, [2]string{envy.TeacherID, envy.OtherID}, "envy: got %s about %s", envy.TeacherID, envy.OtherID)
			assert.Equal(t, [2]string{"R1", "R2"}, [2]string{envy.TeacherTo, envy.OtherTo})
			assert.InDelta(t, 17.0, envy.Points, 1e-9)
			assert.InDelta(t, 10.0, envy.OtherPoints, 1e-9)
			require.Len(t, rep.Returning, 1)
			assert.Equal(t, ReturningTeacher{TeacherID: "F", Stage: "primary", Subject: rep.Returning[0].Subject, From: "R1", To: "S1"}, rep.Returning[0])

			want, hard := 7300.527, 0
			if mode == model.PriorityEnforce {
				want, hard = 207300.527, 2
			}
			assert.Equal(t, hard, sc.Hard, "hard")
			assert.InDelta(t, want, sc.Total, 1e-3, "total")

			// The incremental count agrees with the full one move by move,
			// and the MIP's objective with the score.
			s := ev.NewState()
			s.Assert = true
			for ti, d := range plan.Dest {
				if d != Stay {
					s.Apply(ti, int(ev.candIndex(ti, d)))
				}
			}
			assert.InDelta(t, want, s.Score().Total, 1e-3, "state total")
			m := ev.MIP()
			obj, err := objectiveAt(m, plan)
			require.NoError(t, err)
			assert.InDelta(t, sc.Total, obj, 1e-6, "MIP objective: got %v, want %v", obj, sc.Total)
		})
	}
}

// TestReturningFromSchoolGone: a teacher back from a stint at a school no
// longer in schools.csv is listed as returning from that school's code,
// not from its own post school.
func TestReturningFromSchoolGone(t *testing.T) {
	ym := model.MonthOf
	c, u, _ := historyCounty()
	back := c.teacher(u, tspec{subject: model.Math, edu: model.Bachelor, years: 15})
	c.stint(back, "GONE", ym(2023, 9), ym(2026, 9))
	in := c.build()
	require.True(t, in.Teachers[back].Returning)
	require.Equal(t, model.NoSchool, in.Teachers[back].ReturnFrom)
	rep := NewEvaluator(in).Report(NewPlan(len(in.Teachers)))
	require.Len(t, rep.Returning, 1)
	got := rep.Returning[0]
	assert.Equal(t, [2]string{"GONE", "U"}, [2]string{got.From, got.To}, "got %s → %s, want GONE → U", got.From, got.To)
}
