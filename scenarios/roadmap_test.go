package scenarios

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// tinyCounty is a town primary school with town teachers (all eligible,
// backbone as given) and a rural primary school of ruralStudents pupils
// with two teachers.
func tinyCounty(town, backbone, ruralStudents, stint int) *model.Instance {
	plan := model.MonthOf(2026, 9)
	in := &model.Instance{Policy: model.DefaultPolicy(plan)}
	in.Policy.StintYears = stint
	in.Policy.FixedRetirementAge = true // retirement at 60, as the cases are worked
	add := func(id string, loc model.Locale, students int, lon float64) {
		in.Schools = append(in.Schools, model.School{ID: id, Name: "school " + id, Type: model.PrimarySchool, Locale: loc,
			Students: [2]int{students, 0}, Classes: [2]int{(students + 44) / 45, 0}, Lon: lon, Lat: 28, HasCoords: true})
	}
	add("TOWN", model.Urban, 600, 113)
	add("RURAL", model.Rural, ruralStudents, 113.1)
	teacher := func(school int, subject model.Subject, bb model.Backbone) {
		id := fmt.Sprintf("T%03d", len(in.Teachers))
		in.Teachers = append(in.Teachers, model.Teacher{ID: id, Name: id, Gender: model.Male, Birth: plan - 40*12,
			School: school, Serving: school, Stage: model.Primary, Subject: subject, Education: model.Bachelor,
			Backbone: bb, Joined: plan - 10*12})
	}
	for i := range town {
		bb := model.NotBackbone
		if i < backbone {
			bb = model.CountyBackbone
		}
		teacher(0, []model.Subject{model.Chinese, model.Math, model.PE, model.Music}[i%4], bb)
	}
	teacher(1, model.Chinese, model.NotBackbone)
	teacher(1, model.Math, model.NotBackbone)
	in.Index()
	return in
}

func TestAdvanceReturnsAndRetires(t *testing.T) {
	in := tinyCounty(3, 0, 100, 1)
	p := &in.Policy
	in.Teachers[0].Serving = 1                         // on a stint that ends now
	in.Teachers[1].Serving = 1                         // on a stint that ends later
	in.Teachers[2].Birth = p.PlanDate + 12 - 12*60 - 1 // turns 60 within the year
	stint := map[string]model.Month{"T000": p.PlanDate + 12, "T001": p.PlanDate + 24}
	p.PlanDate += 12
	returned, retired := advance(in, stint)

	assert.Equal(t, 1, returned)
	assert.Equal(t, 1, retired)
	require.Len(t, in.Teachers, 4)
	_, ok := in.TeacherByID("T002")
	assert.False(t, ok, "retired teacher kept")
	back := in.Teachers[0]
	assert.Equal(t, "T000", back.ID)
	assert.Equal(t, back.School, back.Serving, "returned teacher still away")
	assert.Equal(t, p.PlanDate, back.Joined, "years at school restart at the return")
	assert.Equal(t, 1, in.Teachers[1].Serving, "teacher returned before the stint ended")
	assert.Equal(t, map[string]model.Month{"T001": p.PlanDate + 12}, stint)
	ex, _ := solver.Eligibility(in, &back)
	assert.Equal(t, solver.TooFewYears, ex, "returned teacher eligible again at once")
}

func TestRoadmapReturnsTeachersAtStintEnd(t *testing.T) {
	in := tinyCounty(20, 4, 300, 2)
	before := Clone(in)
	rm, err := PlanRoadmap(context.Background(), in, RoadmapOptions{Years: 4, Solver: solver.Options{Seed: 1, Iterations: 2000}})
	require.NoError(t, err)
	require.Len(t, rm.Years, 4)
	assert.Equal(t, before.Teachers, in.Teachers, "input instance changed")

	y := rm.Years
	moved1 := y[0].Summary.Quota.Moved
	require.Positive(t, moved1)
	assert.Equal(t, 20, y[0].Summary.Quota.Eligible)
	assert.Equal(t, 0, y[1].Returned, "nobody returns before the stint of 2 years ends")
	assert.Equal(t, 20-moved1, y[1].Summary.Quota.Eligible, "teachers away are not eligible")
	assert.Equal(t, moved1, y[2].Returned, "the first year's teachers return after 2 years")
	assert.Equal(t, model.MonthOf(2028, 9), y[2].PlanDate)
	// Returned teachers restart their years at school, so they stay out of the pool.
	assert.Equal(t, 20-moved1-y[1].Summary.Quota.Moved, y[2].Summary.Quota.Eligible)
}

// TestRoadmapReturnsAtHistoryStintEnd: teachers on rotation in the data
// return when their stint of history.csv ends, not two stints' years
// later: T000's stint ends at the first plan date (the plan counts it back
// in year 1), T001's a year later, though stint_years is 3.
func TestRoadmapReturnsAtHistoryStintEnd(t *testing.T) {
	in := tinyCounty(20, 4, 300, 3)
	p := in.Policy.PlanDate
	in.Teachers[0].Serving, in.Teachers[1].Serving = 1, 1
	in.History = []model.Stint{{TeacherID: "T000", SchoolID: "RURAL", Start: p - 36, End: p, Rural: true},
		{TeacherID: "T001", SchoolID: "RURAL", Start: p - 24, End: p + 12, Rural: true}}
	in.Index()
	require.True(t, in.Teachers[0].Returning, "T000 returns at the plan date")
	require.True(t, in.Teachers[1].OngoingStint, "T001 is on its stint")
	rm, err := PlanRoadmap(context.Background(), in, RoadmapOptions{Years: 3, Solver: solver.Options{Seed: 1, Iterations: 2000}})
	require.NoError(t, err)
	require.Len(t, rm.Years, 3)
	var got []int
	for _, y := range rm.Years {
		got = append(got, y.Returned)
	}
	assert.Equal(t, []int{1, 1, 0}, got, "got returned by year %v, want T000 in year 1 and T001 in year 2", got)
}

func TestRoadmapReportsBackboneShortfall(t *testing.T) {
	// 2,000 rural pupils need 20 backbone teachers (1.0 per 100); the county has 3.
	in := tinyCounty(30, 3, 2000, 1)
	rm, err := PlanRoadmap(context.Background(), in, RoadmapOptions{Years: 2, Solver: solver.Options{Seed: 1, Iterations: 2000}})
	require.NoError(t, err)
	assert.Zero(t, rm.First)
	var i2 *Shortfall
	for i := range rm.Shortfalls {
		if rm.Shortfalls[i].Indicator == model.BackboneI {
			i2 = &rm.Shortfalls[i]
		}
	}
	require.NotNil(t, i2, "got shortfalls %v, want one of I2", rm.Shortfalls)
	assert.Equal(t, model.Primary, i2.Stage)
	assert.Equal(t, 3, i2.Have)
	assert.InDelta(t, 26, i2.Need, 1e-9, "(600 + 2000) pupils × 1.0 / 100")
	assert.Equal(t, "rotation alone cannot reach I2 (primary): county has 3 backbone primary teachers, parts need 26.0", i2.String())
}

func TestRoadmapReachesStandard(t *testing.T) {
	// Plenty of qualified, backbone and PE/music teachers in town; a small
	// rural school lacking them is covered by the first plan.
	in := tinyCounty(40, 20, 60, 3)
	rm, err := PlanRoadmap(context.Background(), in, RoadmapOptions{Years: 2, Solver: solver.Options{Seed: 1, Iterations: 2000}})
	require.NoError(t, err)
	assert.Empty(t, rm.Shortfalls)
	assert.Equal(t, 1, rm.First, "got first year %d", rm.First)
}

func TestHiresNeeded(t *testing.T) {
	// part is an in-scope primary part of students pupils whose I1-I3
	// after the plan are have teachers against the default thresholds
	// 4.2, 1.0 and 0.9 per 100.
	part := func(students int, have [3]int) solver.PartReport {
		p := solver.PartReport{SchoolID: "S", Stage: "primary", Students: students, InScope: true}
		for k, thr := range []float64{4.2, 1.0, 0.9} {
			p.Indicators = append(p.Indicators, solver.IndicatorValue{Threshold: thr, After: float64(have[k]) * 100 / float64(students)})
		}
		return p
	}
	outOfScope := part(30, [3]int{0, 0, 0})
	outOfScope.InScope = false
	tests := []struct {
		name  string
		parts []solver.PartReport
		want  Hires
	}{
		{"meets every threshold", []solver.PartReport{part(100, [3]int{5, 1, 1})}, Hires{}},
		{"exactly at the thresholds", []solver.PartReport{part(500, [3]int{21, 5, 5})}, Hires{}},
		// 600 pupils need 25.2 qualified, 6 backbone and 5.4 PE/art teachers.
		{"a fraction short is one teacher", []solver.PartReport{part(600, [3]int{25, 6, 6})}, Hires{Teachers: 1}},
		{"backbone and PE/art hires are different people", []solver.PartReport{part(600, [3]int{26, 3, 4})},
			Hires{Teachers: 5, Backbone: 3, PEArt: 2}},
		{"qualified hires cover the others", []solver.PartReport{part(600, [3]int{20, 5, 5})},
			Hires{Teachers: 6, Backbone: 1, PEArt: 1}},
		{"empty part", []solver.PartReport{part(600, [3]int{0, 0, 0})}, Hires{Teachers: 26, Backbone: 6, PEArt: 6}},
		{"parts add up, out of scope left out", []solver.PartReport{part(600, [3]int{25, 6, 6}), part(100, [3]int{2, 0, 0}), outOfScope},
			Hires{Teachers: 4, Backbone: 1, PEArt: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := HiresNeeded(&solver.Report{Parts: tt.parts})
			assert.Equal(t, tt.want, got, "got %+v, want %+v", got, tt.want)
		})
	}
}

func TestRoadmapHires(t *testing.T) {
	tests := []struct {
		name string
		in   *model.Instance
		want []Hires
	}{
		// Nobody to rotate: a town school of 600 pupils without teachers
		// needs ⌈25.2⌉ = 26 qualified, 6 backbone and ⌈5.4⌉ = 6 PE/art
		// teachers, max(26, 6+6) = 26 hires; the rural school of 100 pupils
		// with two qualified teachers needs ⌈4.2 − 2⌉ = 3, 1 backbone and
		// ⌈0.9⌉ = 1 PE/art, max(3, 1+1) = 3. Nobody retires or moves, so
		// the second year needs the same.
		{"nobody to rotate", tinyCounty(0, 0, 100, 1), []Hires{{29, 7, 7}, {29, 7, 7}}},
		{"rotation reaches the standard", tinyCounty(40, 20, 60, 3), []Hires{{}, {}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen []int
			rm, err := PlanRoadmap(context.Background(), tt.in, RoadmapOptions{Years: len(tt.want),
				Solver: solver.Options{Seed: 1, Iterations: 2000}, Progress: func(y *Year) { seen = append(seen, y.Year) }})
			require.NoError(t, err)
			require.Len(t, rm.Years, len(tt.want))
			for i, y := range rm.Years {
				assert.Equal(t, tt.want[i], y.Hires, "year %d: got hires %+v, want %+v", y.Year, y.Hires, tt.want[i])
				assert.Equal(t, y.Summary.AllMeet, y.Hires.Teachers == 0, "year %d: all meet %v with %d hires", y.Year, y.Summary.AllMeet, y.Hires.Teachers)
			}
			assert.Equal(t, []int{1, 2}, seen, "got progress for years %v, want 1 and 2", seen)
		})
	}
}
