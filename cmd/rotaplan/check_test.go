package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/scenarios/gen"
	"github.com/rotaplan/rotaplan/solver"
)

const sampleCounty = "../../scenarios/sample-county"

// sampleWant computes the summary figures of the sample county from the
// generator that made it, independently of the loader.
func sampleWant(t *testing.T) (in *model.Instance, students, teachers [model.NumStages]int, eligible int) {
	t.Helper()
	in, err := gen.Generate(gen.County, 1)
	require.NoError(t, err)
	for i := range in.Schools {
		for _, st := range model.Stages {
			students[st] += in.Schools[i].Students[st]
		}
	}
	for i := range in.Teachers {
		teachers[in.Teachers[i].Stage]++
	}
	return in, students, teachers, len(solver.NewEvaluator(in).Eligible)
}

func TestCheckSampleCounty(t *testing.T) {
	in, students, teachers, eligible := sampleWant(t)
	require.Positive(t, eligible)
	r := run(t, "check", sampleCounty)
	require.Equal(t, exitOK, r.code, "got exit %d, want 0; stderr:\n%s", r.code, r.stderr)
	assert.Empty(t, r.stderr, "a clean dataset prints no problems")

	var types [4]int
	for i := range in.Schools {
		types[in.Schools[i].Type]++
	}
	required := in.Policy.Required(eligible)
	for _, line := range []string{
		fmt.Sprintf("学校 (schools): %d\n", len(in.Schools)),
		fmt.Sprintf("小学 (primary) %d, 教学点 (teaching point) %d, 初中 (junior) %d, 九年一贯制 (nine year) %d\n",
			types[model.PrimarySchool], types[model.TeachingPoint], types[model.JuniorSchool], types[model.NineYear]),
		fmt.Sprintf("在校生 (students): %d\n  小学 (primary) %d, 初中 (junior) %d\n",
			students[model.Primary]+students[model.Junior], students[model.Primary], students[model.Junior]),
		fmt.Sprintf("教师 (teachers): %d\n  小学 (primary) %d, 初中 (junior) %d\n",
			len(in.Teachers), teachers[model.Primary], teachers[model.Junior]),
		fmt.Sprintf("符合交流条件教师 (eligible teachers): %d\n", eligible),
		fmt.Sprintf("应交流人数 (required, 10%% of eligible): %d\n", required),
		fmt.Sprintf("其中骨干教师 (backbone among them, 20%%): %d\n", in.Policy.BackboneRequired(required)),
		"计划学年 (plan date): 2026-09\n",
	} {
		assert.Contains(t, r.stdout, line)
	}
}

func TestCheckSampleCountyJSON(t *testing.T) {
	in, students, teachers, eligible := sampleWant(t)
	r := run(t, "check", "--json", sampleCounty)
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	var got checkReport
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &got), "stdout:\n%s", r.stdout)
	require.NotNil(t, got.Summary)
	assert.True(t, got.OK)
	assert.Empty(t, got.Problems)
	s := got.Summary
	assert.Equal(t, len(in.Schools), s.Schools)
	assert.Equal(t, stageCounts{students[0], students[1], students[0] + students[1]}, s.Students)
	assert.Equal(t, stageCounts{teachers[0], teachers[1], teachers[0] + teachers[1]}, s.Teachers)
	assert.Equal(t, eligible, s.Eligible)
	assert.Equal(t, in.Policy.Required(eligible), s.Required)
	assert.Equal(t, "2026-09", s.PlanDate)
	sum := 0
	for _, n := range s.SchoolsByType {
		sum += n
	}
	assert.Equal(t, s.Schools, sum, "schools_by_type adds up to %d, want %d", sum, s.Schools)
}

func TestCheckBadInput(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantStderr []string
	}{
		{"broken dataset", []string{"check", "testdata/broken"}, []string{
			"schools.csv:3: column type: error:",
			"teachers.csv:4: column school_id: error:",
			"teachers.csv:5: column birth: error:",
			"errors in the dataset",
		}},
		{"missing folder", []string{"check", "testdata/no-such-folder"}, []string{"not a dataset folder", "rotaplan check --help"}},
		{"no argument", []string{"check"}, []string{"(missing dataset folder)"}},
		{"two arguments", []string{"check", "a", "b"}, []string{`(unexpected argument "b"; rotaplan check takes only DIR)`}},
		{"bad encoding", []string{"check", "--encoding", "latin1", sampleCounty}, []string{`got "latin1", want one of auto, utf-8, gbk, gb18030, utf-16le`}},
		{"unknown flag", []string{"check", "--colour", sampleCounty}, []string{"unknown flag: --colour"}},
		{"unknown command", []string{"chek", sampleCounty}, []string{`unknown command "chek"`, "did you mean check?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.args...)
			assert.Equal(t, exitBadInput, r.code, "got exit %d, want 2; err %v", r.code, r.err)
			for _, s := range tt.wantStderr {
				assert.Contains(t, r.stderr, s)
			}
			assert.NotContains(t, r.stderr, "panic")
		})
	}
}

func TestCheckBrokenJSON(t *testing.T) {
	r := run(t, "check", "--json", "testdata/broken")
	require.Equal(t, exitBadInput, r.code)
	var got checkReport
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &got), "stdout:\n%s", r.stdout)
	assert.False(t, got.OK)
	assert.Nil(t, got.Summary)
	var found bool
	for _, p := range got.Problems {
		if p.Severity == "error" && p.File == "schools.csv" && p.Line == 3 && p.Column == "type" {
			found = true
			assert.Equal(t, "school", p.Value)
		}
	}
	assert.True(t, found, "no error for schools.csv line 3 column type in %+v", got.Problems)
}

func TestEligibleTeachers(t *testing.T) {
	fixedAges := func(p *model.Policy) { p.FixedRetirementAge = true }
	src := model.School{ID: "A", Type: model.PrimarySchool, Locale: model.Town}
	rural := model.School{ID: "B", Type: model.PrimarySchool, Locale: model.Rural}
	plan := model.MonthOf(2026, 9)
	base := model.Teacher{ID: "t", Gender: model.Female, Birth: model.MonthOf(1980, 1), Joined: model.MonthOf(2020, 9)}
	tests := []struct {
		name   string
		edit   func(t *model.Teacher)
		policy func(p *model.Policy)
		want   bool
	}{
		{"exactly six years", nil, nil, true},
		{"one month short", func(t *model.Teacher) { t.Joined++ }, nil, false},
		{"rural post", func(t *model.Teacher) { t.School, t.Serving = 1, 1 }, nil, false},
		{"on rotation", func(t *model.Teacher) { t.Serving = 1 }, nil, false},
		{"principal", func(t *model.Teacher) { t.Principal = true }, nil, false},
		{"principal included", func(t *model.Teacher) { t.Principal = true }, func(p *model.Policy) { p.IncludePrincipals = true }, true},
		{"exempt", func(t *model.Teacher) { t.Exempt = "病休" }, nil, false},
		{"fixed age: five years to retirement", func(t *model.Teacher) { t.Birth = model.MonthOf(1976, 9) }, fixedAges, false},
		{"fixed age: five years and a month", func(t *model.Teacher) { t.Birth = model.MonthOf(1976, 10) }, fixedAges, true},
		// Statutory age of a woman born 1975-04: 55 years and ⌈64/4⌉ = 16
		// months, 2031-08, under five years after 2026-09; born 1975-05:
		// ⌈65/4⌉ = 17 months, 2031-10, over five years.
		{"statutory: under five years to retirement", func(t *model.Teacher) { t.Birth = model.MonthOf(1975, 4) }, nil, false},
		{"statutory: over five years to retirement", func(t *model.Teacher) { t.Birth = model.MonthOf(1975, 5) }, nil, true},
		{"statutory: fixed 55 would exclude her", func(t *model.Teacher) { t.Birth = model.MonthOf(1976, 9) }, nil, true},
		{"eight years required", nil, func(p *model.Policy) { p.MinYearsAtSchool = 8 }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tc := base
			if tt.edit != nil {
				tt.edit(&tc)
			}
			in := &model.Instance{Schools: []model.School{src, rural}, Teachers: []model.Teacher{tc}, Policy: model.DefaultPolicy(plan)}
			if tt.policy != nil {
				tt.policy(&in.Policy)
			}
			ex, _ := solver.Eligibility(in, &in.Teachers[0])
			got := ex == solver.Eligible
			assert.Equal(t, tt.want, got, "got eligible %v, want %v", got, tt.want)
		})
	}
}

func TestCheckDeficitListAligned(t *testing.T) {
	r := run(t, "check", sampleCounty)
	require.Equal(t, exitOK, r.code, r.stderr)
	_, list, ok := strings.Cut(r.stdout, "(largest teacher deficits, I1+I2+I3 in teachers):\n")
	require.True(t, ok, "no deficit list in\n%s", r.stdout)
	var lines []string
	for _, ln := range strings.Split(list, "\n") {
		if !strings.HasPrefix(ln, "    ") {
			break
		}
		lines = append(lines, ln)
	}
	require.GreaterOrEqual(t, len(lines), 5)
	// col is the display column where the field of line that follows
	// field n (counted from 0, fields being separated by spaces) starts.
	col := func(line string, n int) int {
		fields := strings.Fields(line)
		i := strings.Index(line, " "+fields[n]+" ") + 1
		return runewidth.StringWidth(line[:i])
	}
	widths := map[int]bool{}
	want := []int{col(lines[0], 1), col(lines[0], 2), col(lines[0], 4)}
	for _, ln := range lines {
		widths[runewidth.StringWidth(strings.Fields(ln)[1])] = true
		got := []int{col(ln, 1), col(ln, 2), col(ln, 4)}
		assert.Equal(t, want, got, "got the name, stage and indicators of %q at columns %v, want %v", ln, got, want)
	}
	assert.Greater(t, len(widths), 1, "the sample's names are all as wide; the test shows nothing")
}

// TestCheckPoints checks the distribution of the eligible teachers'
// points and the count of those short of a rural year for the title, in
// the summary text and under their stable keys in --json.
func TestCheckPoints(t *testing.T) {
	in, _, _, _ := sampleWant(t)
	ev := solver.NewEvaluator(in)
	var points []float64
	rural := 0
	for _, ti := range ev.Eligible {
		tc := &in.Teachers[ti]
		points = append(points, in.Policy.PointTerms(tc).Total())
		if tc.NeedsRuralForTitle() {
			rural++
		}
	}
	require.NotEmpty(t, points)
	require.Positive(t, rural)
	lo, hi := slices.Min(points), slices.Max(points)

	t.Run("json", func(t *testing.T) {
		r := run(t, "check", "--json", sampleCounty)
		require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
		var got struct {
			Summary map[string]json.RawMessage `json:"summary"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &got))
		require.Contains(t, got.Summary, "points")
		require.Contains(t, got.Summary, "needs_rural_for_title")
		var ps map[string]float64
		require.NoError(t, json.Unmarshal(got.Summary["points"], &ps))
		keys := []string{"min", "p25", "median", "p75", "max"}
		assert.ElementsMatch(t, keys, slices.Collect(maps.Keys(ps)))
		assert.InDelta(t, lo, ps["min"], 1e-6)
		assert.InDelta(t, hi, ps["max"], 1e-6)
		for i := 1; i < len(keys); i++ {
			assert.LessOrEqual(t, ps[keys[i-1]], ps[keys[i]], "got %s %v above %s %v", keys[i-1], ps[keys[i-1]], keys[i], ps[keys[i]])
		}
		var n int
		require.NoError(t, json.Unmarshal(got.Summary["needs_rural_for_title"], &n))
		assert.Equal(t, rural, n)
	})
	t.Run("text", func(t *testing.T) {
		r := run(t, "check", sampleCounty)
		require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
		assert.Contains(t, r.stdout, fmt.Sprintf("积分 (points): 最低 (min) %.2f, ", lo))
		assert.Contains(t, r.stdout, fmt.Sprintf(", 最高 (max) %.2f\n", hi))
		assert.Contains(t, r.stdout, fmt.Sprintf("评职称需乡村经历 (need a rural year for the title): %d\n", rural))
	})
}

func TestPointStats(t *testing.T) {
	tests := []struct {
		name   string
		points []float64
		want   pointStats
	}{
		{"none", nil, pointStats{}},
		{"one", []float64{7}, pointStats{7, 7, 7, 7, 7}},
		{"five", []float64{10, 0, 40, 20, 30}, pointStats{0, 10, 20, 30, 40}},
		{"interpolated", []float64{1, 2, 3, 4}, pointStats{1, 1.75, 2.5, 3.25, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, newPointStats(tt.points))
		})
	}
}
