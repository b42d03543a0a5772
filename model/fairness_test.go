package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fairnessDir is the worked example of DOMAIN §6 (its EXPECTED.md works
// every figure by hand): one town primary S1, two rural primaries R1 and
// R2, plan date 2026-09.
const fairnessDir = "testdata/fairness-tiny"

// loadFairness loads the worked example and returns it with a lookup of
// teacher and school indices by code.
func loadFairness(t *testing.T) (in *Instance, teacher, school func(id string) int) {
	t.Helper()
	in, warns, err := Load(fairnessDir, LoadOptions{})
	require.NoError(t, err)
	// The tiny roster is short of teachers for its students (S1 has 900
	// students and 21 teachers once F and J teach away): those are the
	// only warnings.
	for _, w := range warns {
		require.Equal(t, "schools.csv", w.File, "got warning %s, want none outside schools.csv", w)
		require.Contains(t, w.Message, "students per teacher", "got warning %s", w)
	}
	teacher = func(id string) int {
		i, ok := in.TeacherByID(id)
		require.True(t, ok, "teacher %s", id)
		return i
	}
	school = func(id string) int {
		i, ok := in.SchoolByID(id)
		require.True(t, ok, "school %s", id)
		return i
	}
	return in, teacher, school
}

// TestFairnessHistory reproduces the History table of EXPECTED.md.
func TestFairnessHistory(t *testing.T) {
	in, teacher, school := loadFairness(t)
	require.Equal(t, MonthOf(2026, 9), in.Policy.PlanDate)
	require.Len(t, in.History, 4)
	tests := []struct {
		teacher    string
		ongoing    bool
		returning  bool
		returnFrom string // "" for none
		serving    string
		months     int // continuous months at S1
		rural      int // rural months
	}{
		// 支教 R1 2019-09 … 2022-08: returned 49 months ago.
		{teacher: "D", serving: "S1", months: 49, rural: 35},
		// R2 2012-09 … 2015-08: eligible.
		{teacher: "E", serving: "S1", months: 133, rural: 35},
		// R1 from 2023-09, no end: ends 2026-09 (stint_years 3), returning.
		{teacher: "F", returning: true, returnFrom: "R1", serving: "R1", months: 0, rural: 36},
		// R2 from 2025-09, no end: ongoing.
		{teacher: "J", ongoing: true, serving: "R2", months: 144, rural: 12},
	}
	for _, tt := range tests {
		t.Run(tt.teacher, func(t *testing.T) {
			tc := &in.Teachers[teacher(tt.teacher)]
			assert.Equal(t, tt.ongoing, tc.OngoingStint, "ongoing: got %v, want %v", tc.OngoingStint, tt.ongoing)
			assert.Equal(t, tt.returning, tc.Returning, "returning: got %v, want %v", tc.Returning, tt.returning)
			wantFrom := NoSchool
			if tt.returnFrom != "" {
				wantFrom = school(tt.returnFrom)
			}
			assert.Equal(t, wantFrom, tc.ReturnFrom, "return from: got %d, want %d", tc.ReturnFrom, wantFrom)
			assert.Equal(t, school(tt.serving), tc.Serving, "serving: got %d, want %d", tc.Serving, school(tt.serving))
			got := tc.MonthsAtSchool(in.Policy.PlanDate)
			assert.Equal(t, tt.months, got, "continuous months: got %d, want %d", got, tt.months)
			assert.Equal(t, tt.rural, tc.RuralMonths, "rural months: got %d, want %d", tc.RuralMonths, tt.rural)
		})
	}
}

// TestFairnessPoints reproduces the Points table of EXPECTED.md, with the
// eligible teachers it lists: eligibility is the solver's rule.
func TestFairnessPoints(t *testing.T) {
	in, teacher, school := loadFairness(t)
	eligible := []int{}
	for _, id := range []string{"A", "B", "C", "E", "G", "H", "L", "M"} {
		eligible = append(eligible, teacher(id))
	}
	r := Rank(in, eligible)
	tests := []struct {
		rank    int
		teacher string
		terms   PointTerms
		points  float64
	}{
		{1, "L", PointTerms{Months: 156, Years: 13, Volunteer: 20}, 33},
		{2, "B", PointTerms{Months: 132, Years: 11, Volunteer: 20}, 31},
		{3, "A", PointTerms{Months: 192, Years: 16, Backbone: 2, RuralTitle: 10}, 28},
		{4, "G", PointTerms{Months: 120, Years: 10, RuralTitle: 10}, 20},
		{5, "M", PointTerms{Months: 204, Years: 17}, 17},
		{6, "E", PointTerms{Months: 133, Years: 133.0 / 12}, 11.0833},
		{7, "C", PointTerms{Months: 168, Years: 14, Age: -4}, 10},
		{8, "H", PointTerms{Months: 84, Years: 7}, 7},
	}
	require.Len(t, r.Order, len(tests))
	for _, tt := range tests {
		t.Run(tt.teacher, func(t *testing.T) {
			ti := teacher(tt.teacher)
			assert.Equal(t, tt.rank, r.Ranks[ti], "rank: got %d, want %d", r.Ranks[ti], tt.rank)
			assert.Equal(t, ti, r.Order[tt.rank-1], "order: got %s at rank %d", in.Teachers[r.Order[tt.rank-1]].ID, tt.rank)
			assert.Equal(t, tt.terms, r.Terms[ti])
			assert.InDelta(t, tt.points, r.Terms[ti].Total(), 5e-5, "points: got %v, want %v", r.Terms[ti].Total(), tt.points)
		})
	}

	// The priority group S1 · primary · math in rank order.
	g := r.GroupOf[teacher("A")]
	require.GreaterOrEqual(t, g, 0)
	group := r.Groups[g]
	assert.Equal(t, PriorityGroup{School: school("S1"), Stage: Primary, Subject: Math,
		Teachers: []int{teacher("B"), teacher("A"), teacher("M"), teacher("E"), teacher("C")}}, group)
	assert.Equal(t, -1, r.GroupOf[teacher("D")], "D is not eligible")

	// Eligible 8, required ⌈0.1 · 8⌉ = 1, backbone required ⌈0.2 · 4⌉ = 1.
	assert.Equal(t, 1, in.Policy.Required(len(r.Order)))
	assert.Equal(t, 1, in.Policy.BackboneRequired(4))
}

// TestFairnessWishCosts reproduces the wish costs and distances of the
// score of plan.csv in EXPECTED.md: A → R2 and B → R1 are first wishes, M →
// R1 is outside M's wishes, C has none.
func TestFairnessWishCosts(t *testing.T) {
	in, teacher, school := loadFairness(t)
	assert.Equal(t, []int{school("R2"), school("R1")}, in.WishesOf(teacher("A")))
	tests := []struct {
		teacher, to string
		want        float64
	}{
		{"A", "R2", 0},
		{"A", "R1", 5},
		{"B", "R1", 0},
		{"M", "R1", 20},
		{"C", "R2", 0},
	}
	for _, tt := range tests {
		t.Run(tt.teacher+"→"+tt.to, func(t *testing.T) {
			got := in.WishCost(teacher(tt.teacher), school(tt.to))
			assert.Equal(t, tt.want, got, "wish cost: got %v, want %v", got, tt.want)
		})
	}
	s1 := school("S1")
	assert.InDelta(t, 9.606, in.DistanceKm(s1, school("R1")), 5e-4)
	assert.InDelta(t, 10.657, in.DistanceKm(s1, school("R2")), 5e-4)
}
