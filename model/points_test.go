package model

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPointTerms works each term of the points by hand at the plan date
// 2026-09, with the default [points]: a teacher at a town school since
// 2014-09 (144 months), born 1990-01, second title, unless a case says so.
func TestPointTerms(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(tc *Teacher, p *PointRules)
		stints []Stint
		want   PointTerms
	}{
		{name: "years at the post school", want: PointTerms{Months: 144, Years: 12}},
		{name: "a fraction of a year", edit: func(tc *Teacher, _ *PointRules) { tc.Joined = MonthOf(2014, 2) },
			want: PointTerms{Months: 151, Years: 151.0 / 12}},
		{name: "years since the last stint", stints: []Stint{{SchoolID: "R1", Start: MonthOf(2019, 9), End: MonthOf(2022, 9)}},
			want: PointTerms{Months: 48, Years: 4}},
		{name: "joined after the plan date", edit: func(tc *Teacher, _ *PointRules) { tc.Joined = MonthOf(2027, 9) },
			want: PointTerms{}},
		{name: "volunteer", edit: func(tc *Teacher, _ *PointRules) { tc.Volunteer = true },
			want: PointTerms{Months: 144, Years: 12, Volunteer: 20}},
		{name: "county backbone", edit: func(tc *Teacher, _ *PointRules) { tc.Backbone = CountyBackbone },
			want: PointTerms{Months: 144, Years: 12, Backbone: 2}},
		{name: "city backbone", edit: func(tc *Teacher, _ *PointRules) { tc.Backbone = CityBackbone },
			want: PointTerms{Months: 144, Years: 12, Backbone: 3}},
		{name: "province backbone", edit: func(tc *Teacher, _ *PointRules) { tc.Backbone = ProvinceBackbone },
			want: PointTerms{Months: 144, Years: 12, Backbone: 4}},
		{name: "national backbone", edit: func(tc *Teacher, _ *PointRules) { tc.Backbone = NationalBackbone },
			want: PointTerms{Months: 144, Years: 12, Backbone: 5}},
		{name: "first title without a rural year", edit: func(tc *Teacher, _ *PointRules) { tc.Title = First },
			want: PointTerms{Months: 144, Years: 12, RuralTitle: 10}},
		{name: "first title with a rural year", edit: func(tc *Teacher, _ *PointRules) { tc.Title = First },
			stints: []Stint{{SchoolID: "R1", Start: MonthOf(2010, 9), End: MonthOf(2011, 9), Rural: true}},
			want:   PointTerms{Months: 144, Years: 12}},
		{name: "aged 50 exactly", edit: func(tc *Teacher, _ *PointRules) { tc.Birth = MonthOf(1976, 9) },
			want: PointTerms{Months: 144, Years: 12}},
		{name: "aged 50 and 11 months", edit: func(tc *Teacher, _ *PointRules) { tc.Birth = MonthOf(1975, 10) },
			want: PointTerms{Months: 144, Years: 12}},
		{name: "aged 51", edit: func(tc *Teacher, _ *PointRules) { tc.Birth = MonthOf(1975, 9) },
			want: PointTerms{Months: 144, Years: 12, Age: -1}},
		{name: "aged 54 and 8 months", edit: func(tc *Teacher, _ *PointRules) { tc.Birth = MonthOf(1972, 1) },
			want: PointTerms{Months: 144, Years: 12, Age: -4}},
		{
			name: "every term under local rules",
			edit: func(tc *Teacher, p *PointRules) {
				tc.Volunteer, tc.Backbone, tc.Title, tc.Birth = true, CityBackbone, First, MonthOf(1970, 3)
				*p = PointRules{PerYear: 0.5, Volunteer: 8, Backbone: [NationalBackbone + 1]float64{0, 1, 1.5, 2, 2.5},
					NeedsRuralForTitle: 4, PerYearOverAge: 2, AgeThreshold: 55}
			},
			want: PointTerms{Months: 144, Years: 6, Volunteer: 8, Backbone: 1.5, RuralTitle: 4, Age: -2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &Instance{
				Policy:   DefaultPolicy(MonthOf(2026, 9)),
				Schools:  []School{{ID: "S1", Locale: Town}, {ID: "R1", Locale: Rural}},
				Teachers: []Teacher{{ID: "T1", Birth: MonthOf(1990, 1), Joined: MonthOf(2014, 9), Title: Second}},
			}
			if tt.edit != nil {
				tt.edit(&in.Teachers[0], &in.Policy.Points)
			}
			for _, s := range tt.stints {
				s.TeacherID = "T1"
				in.History = append(in.History, s)
			}
			in.Index()
			got := in.Policy.PointTerms(&in.Teachers[0])
			assert.Equal(t, tt.want, got)
			assert.InDelta(t, tt.want.Years+tt.want.Volunteer+tt.want.Backbone+tt.want.RuralTitle+tt.want.Age, got.Total(), 1e-12)
		})
	}
}

// TestRankTies checks the total order: more points first, then more
// continuous months, then the lower teacher_id; and the priority groups.
func TestRankTies(t *testing.T) {
	m := MonthOf
	in := &Instance{
		Policy:  DefaultPolicy(m(2026, 9)),
		Schools: []School{{ID: "S1", Type: PrimarySchool, Locale: Town}, {ID: "S2", Type: NineYear, Locale: Urban}},
		Teachers: []Teacher{
			// 12 years: 12 points.
			{ID: "T10", School: 0, Subject: Math, Birth: m(1985, 1), Joined: m(2014, 9)},
			// 10 years + county backbone 2 = 12 points in fewer months.
			{ID: "T02", School: 0, Subject: Math, Birth: m(1985, 1), Joined: m(2016, 9), Backbone: CountyBackbone},
			// Same points and months as T10, a lower ID.
			{ID: "T09", School: 0, Subject: Math, Birth: m(1985, 1), Joined: m(2014, 9)},
			// 7 years + volunteer 20 = 27: first.
			{ID: "T99", School: 1, Stage: Junior, Subject: Math, Birth: m(1985, 1), Joined: m(2019, 9), Volunteer: true},
			// Not eligible.
			{ID: "T01", School: 0, Subject: Math, Birth: m(1985, 1), Joined: m(2000, 9)},
			// 16 years − 4 (born 1972-01): 12 points, 192 months.
			{ID: "T50", School: 1, Stage: Primary, Subject: Chinese, Birth: m(1972, 1), Joined: m(2010, 9)},
		},
	}
	in.Index()
	r := Rank(in, []int{0, 1, 2, 3, 5, 2})
	ids := func(ts []int) []string {
		var out []string
		for _, t := range ts {
			out = append(out, in.Teachers[t].ID)
		}
		return out
	}
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"order", ids(r.Order), []string{"T99", "T50", "T09", "T10", "T02"}},
		{"group S1 primary math", ids(r.Groups[0].Teachers), []string{"T09", "T10", "T02"}},
		{"group S2 primary chinese", ids(r.Groups[1].Teachers), []string{"T50"}},
		{"group S2 junior math", ids(r.Groups[2].Teachers), []string{"T99"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.got, "got %v, want %v", tt.got, tt.want)
		})
	}
	assert.Equal(t, []int{4, 5, 3, 1, 0, 2}, r.Ranks)
	assert.Equal(t, []int{0, 0, 0, 2, -1, 1}, r.GroupOf)
	assert.Equal(t, PointTerms{}, r.Terms[4], "a teacher not ranked has no points")
	assert.True(t, r.Better(2, 0), "T09 before T10")
	assert.False(t, r.Better(0, 2))
	assert.True(t, r.Better(1, 4), "a ranked teacher before one not ranked")
	assert.False(t, r.Better(4, 1))
}

func TestDecodePolicyPoints(t *testing.T) {
	tests := []struct {
		name string
		toml string
		want func(p *Policy)
	}{
		{name: "defaults", toml: "", want: func(p *Policy) {}},
		{
			name: "points",
			toml: "[points]\nper_year = 0.5\nvolunteer = 10\nneeds_rural_for_title = 6\nper_year_over_age = 2\nage_threshold = 55\n[points.backbone]\ncounty = 1\nnational = 8\n",
			want: func(p *Policy) {
				p.Points = PointRules{PerYear: 0.5, Volunteer: 10, Backbone: [NationalBackbone + 1]float64{0, 1, 3, 4, 8},
					NeedsRuralForTitle: 6, PerYearOverAge: 2, AgeThreshold: 55}
			},
		},
		{name: "priority off", toml: "[priority]\nmode = \"off\"\n", want: func(p *Policy) { p.Priority = PriorityOff }},
		{name: "priority enforce", toml: "[priority]\nmode = \"enforce\"\n", want: func(p *Policy) { p.Priority = PriorityEnforce }},
		{name: "priority in Chinese", toml: "[priority]\nmode = \"强制\"\n", want: func(p *Policy) { p.Priority = PriorityEnforce }},
		{name: "wish weights", toml: "[weights]\nwish_rank = 2.5\noutside_wishes = 0\n", want: func(p *Policy) {
			p.Weights.WishRank, p.Weights.OutsideWishes = 2.5, 0
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, probs := DecodePolicy("policy.toml", []byte(tt.toml), policyNow)
			assert.Empty(t, probs, "got problems:\n%s", problemList(probs))
			want := DefaultPolicy(MonthOf(2026, 9))
			tt.want(&want)
			assert.Equal(t, want, got)
		})
	}
	def := DefaultPolicy(MonthOf(2026, 9))
	assert.Equal(t, PriorityReport, def.Priority, "got priority mode %s, want report", def.Priority)
	assert.Equal(t, 5.0, def.Weights.WishRank)
	assert.Equal(t, 20.0, def.Weights.OutsideWishes)
}

func TestDecodePolicyPointsProblems(t *testing.T) {
	tests := []policyProblemCase{
		{"negative points", "[points]\nper_year = -1\n", Error, 2, "points.per_year", "want a number from 0 to 1000"},
		{"huge points", "[points]\nvolunteer = 1e9\n", Error, 2, "points.volunteer", "too large: want a number from 0 to 1000"},
		{"NaN backbone points", "[points.backbone]\ncity = nan\n", Error, 2, "points.backbone.city", "not a number"},
		{"age threshold too low", "[points]\nage_threshold = 12\n", Error, 2, "points.age_threshold", "want an age from 18 to 75"},
		{"fractional age threshold", "[points]\nage_threshold = 50.5\n", Error, 2, "points.age_threshold", "want an integer"},
		{"unknown points key", "[points]\nper_month = 1\n", Warning, 2, "points.per_month", "unknown key"},
		{"unknown backbone level", "[points.backbone]\nschool = 1\n", Warning, 2, "points.backbone.school", "unknown key"},
		{"unknown priority mode", "[priority]\nmode = \"strict\"\n", Error, 2, "priority.mode", `got "strict", want one of off/关闭, report/报告, enforce/强制`},
		{"priority mode not text", "[priority]\nmode = 1\n", Error, 2, "priority.mode", "got 1, want one of off"},
		{"priority not a table", "priority = \"enforce\"\n", Error, 1, "priority", "want a table"},
		{"negative wish weight", "[weights]\nwish_rank = -5\n", Error, 2, "weights.wish_rank", "want a number from 0 to 1000000000"},
		{"NaN outside wishes", "[weights]\noutside_wishes = nan\n", Error, 2, "weights.outside_wishes", "not a number"},
	}
	testPolicyProblems(t, tests, true)
	t.Run("wish weights alone", func(t *testing.T) {
		_, probs := DecodePolicy("policy.toml", []byte("[weights]\nhard = 0\nmedium = 0\nmove = 0\nper_km = 0\nnon_volunteer = 0\ngraduating_class = 0\nwish_rank = 5\n"), policyNow)
		require.Len(t, probs, 1, "got problems:\n%s", problemList(probs))
		assert.Contains(t, probs[0].Message, "every weight is 0 (wish_rank, outside_wishes and change aside")
	})
}

// TestEncodePolicyPoints round-trips [points], [priority] and the wish
// weights at values other than the defaults.
func TestEncodePolicyPoints(t *testing.T) {
	p := DefaultPolicy(MonthOf(2026, 9))
	p.Points = PointRules{PerYear: 0.75, Volunteer: 12.5, Backbone: [NationalBackbone + 1]float64{0, 1.5, 2.5, 3.5, 1000},
		NeedsRuralForTitle: 0, PerYearOverAge: 0.25, AgeThreshold: 48}
	p.Priority = PriorityEnforce
	p.Weights.WishRank, p.Weights.OutsideWishes = 0, 33.3
	var buf bytes.Buffer
	require.NoError(t, EncodePolicy(&buf, p))
	got, probs := DecodePolicy("policy.toml", buf.Bytes(), policyNow)
	assert.Empty(t, probs, "decoding:\n%s", buf.String())
	assert.Equal(t, p, got)
	for _, key := range []string{"[points]", "[points.backbone]", "[priority]", `mode = "enforce"`, "wish_rank", "outside_wishes", "age_threshold", "national"} {
		assert.True(t, strings.Contains(buf.String(), key), "got no %s in:\n%s", key, buf.String())
	}
}
