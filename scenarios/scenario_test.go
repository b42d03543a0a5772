package scenarios_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/scenarios"
	"github.com/rotaplan/rotaplan/solver"
)

// hashDir returns the SHA-256 of every file in dir by name.
func hashDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	out := map[string]string{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		sum := sha256.Sum256(data)
		out[e.Name()] = hex.EncodeToString(sum[:])
	}
	return out
}

func loadBase(t *testing.T) *model.Instance {
	t.Helper()
	in, _, err := model.Load("sample-county", model.LoadOptions{})
	require.NoError(t, err)
	return in
}

func TestLoadExamplesKeepBase(t *testing.T) {
	before := hashDir(t, "sample-county")
	base := loadBase(t)
	files, err := filepath.Glob("examples/*.toml")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 4)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			sc, probs, err := scenarios.Load(f, model.LoadOptions{})
			require.NoError(t, err)
			assert.Empty(t, probs.Errors())
			assert.NotEmpty(t, sc.Name)
			assert.Equal(t, filepath.Join("examples", "../sample-county"), sc.Base)
			for i := range sc.Instance.Teachers {
				id := sc.Instance.Teachers[i].ID
				got, ok := sc.Instance.TeacherByID(id)
				assert.True(t, ok && got == i, "teacher %s not indexed", id)
			}
		})
	}
	assert.Equal(t, before, hashDir(t, "sample-county"), "base files changed")
	again := loadBase(t)
	assert.Equal(t, base.Schools, again.Schools)
	assert.Equal(t, base.Teachers, again.Teachers)
}

func TestLoadOverrides(t *testing.T) {
	base := loadBase(t)
	school := func(in *model.Instance, id string) *model.School {
		i, ok := in.SchoolByID(id)
		require.True(t, ok, "school %s", id)
		return &in.Schools[i]
	}
	load := func(f string) *model.Instance {
		sc, _, err := scenarios.Load(f, model.LoadOptions{})
		require.NoError(t, err)
		return sc.Instance
	}

	t.Run("policy", func(t *testing.T) {
		in := load("examples/quota15.toml")
		assert.Equal(t, 0.15, in.Policy.RotationRate)
		want := base.Policy
		want.RotationRate = 0.15
		assert.Equal(t, want, in.Policy, "only rotation_rate changes")
		assert.Equal(t, 9.0, load("examples/eligibility9.toml").Policy.MinYearsAtSchool)
	})
	t.Run("rural enrolment", func(t *testing.T) {
		in := load("examples/rural-enrolment.toml")
		for i, s := range base.Schools {
			got := in.Schools[i]
			want := s.Students
			if s.Locale == model.Rural {
				for st := range want {
					want[st] = int(math.Round(0.8 * float64(s.Students[st])))
				}
			}
			assert.Equal(t, want, got.Students, "school %s", s.ID)
		}
	})
	t.Run("weak", func(t *testing.T) {
		assert.False(t, school(base, "43010015").Weak)
		assert.True(t, school(load("examples/weak-school.toml"), "43010015").Weak)
	})
	t.Run("hire", func(t *testing.T) {
		in := load("examples/hire.toml")
		assert.Equal(t, len(base.Teachers)+14, len(in.Teachers))
		i, ok := in.TeacherByID("H43010044-002")
		require.True(t, ok)
		tc := in.Teachers[i]
		assert.Equal(t, model.CountyBackbone, tc.Backbone)
		assert.Equal(t, "43010044", in.Schools[tc.School].ID)
		assert.Equal(t, in.Policy.PlanDate, tc.Joined)
	})
	t.Run("all changes", func(t *testing.T) {
		in := load("testdata/all-changes.toml")
		assert.Equal(t, 2, in.Policy.StintYears)
		assert.Equal(t, len(base.Schools)-2+1, len(in.Schools))
		added := school(in, "NEW1")
		assert.Equal(t, [2]int{100, 0}, added.Students)
		assert.Equal(t, [2]int{3, 0}, added.Classes)
		assert.True(t, added.IsReceiver())
		_, ok := in.SchoolByID("43010028")
		assert.False(t, ok, "closed school still there")
		old := school(base, "43010023")
		merged := school(in, "43010023")
		assert.Equal(t, old.Students[model.Primary]+school(base, "43010028").Students[model.Primary], merged.Students[model.Primary])
		assert.Equal(t, int(math.Round(0.5*float64(school(base, "43010013").Students[model.Primary]))), school(in, "43010013").Students[model.Primary])

		closed, _ := base.SchoolByID("43010028")
		gone, _ := base.SchoolByID("43010049")
		var moved, dropped int
		for _, tc := range base.Teachers {
			switch tc.School {
			case closed:
				moved++
				i, ok := in.TeacherByID(tc.ID)
				require.True(t, ok)
				assert.Equal(t, "43010023", in.Schools[in.Teachers[i].School].ID)
			case gone:
				dropped++
				_, ok := in.TeacherByID(tc.ID)
				assert.False(t, ok, "teacher %s of a closed school without successor stays", tc.ID)
			}
		}
		require.Positive(t, moved)
		_, ok = in.TeacherByID("4301000001")
		assert.False(t, ok, "retired teacher stays")
		assert.Equal(t, len(base.Teachers)-dropped-1+3+1, len(in.Teachers))
		h, ok := in.TeacherByID("HNEW1-001")
		require.True(t, ok)
		assert.Equal(t, "NEW1", in.Schools[in.Teachers[h].School].ID)
		for i, tc := range in.Teachers {
			assert.True(t, tc.School >= 0 && tc.School < len(in.Schools) && tc.Serving >= 0 && tc.Serving < len(in.Schools), "teacher %d", i)
		}

		// Structures: a new district and group of NEW1 and 43010040;
		// 43010001 leaves its group and keeps its district.
		assert.Equal(t, [2]string{"新片区", "新集团"}, [2]string{added.District, added.Group})
		s40 := school(in, "43010040")
		assert.Equal(t, [2]string{"新片区", "新集团"}, [2]string{s40.District, s40.Group})
		s01, b01 := school(in, "43010001"), school(base, "43010001")
		require.NotEmpty(t, b01.Group, "43010001 leads a group in the sample county")
		assert.Empty(t, s01.Group)
		assert.Equal(t, b01.District, s01.District)
		assert.NotEqual(t, "新片区", school(base, "43010040").District, "the base is left alone")
		assert.Equal(t, len(base.Pairs), len(in.Pairs), "the pairs are copied")
	})
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []string // substrings of the problems, each with file:line
	}{
		{"unknown school", "testdata/unknown-school.toml", []string{`testdata/unknown-school.toml:9: column school: error: unknown school_id "99999999"`}},
		{"bad policy value", "testdata/bad-policy.toml", []string{"testdata/bad-policy.toml:5: column rotation_rate: error"}},
		{"bad new school", "testdata/bad-add.toml", []string{
			`testdata/bad-add.toml:5: column school_id: error: school_id "43010001" is already in the base dataset`,
			"testdata/bad-add.toml:13: column type: error"}},
		{"new school values out of range", "testdata/bad-add-values.toml", []string{
			"testdata/bad-add-values.toml:8: column lon: error: out of range: want a longitude from -180 to 180",
			"testdata/bad-add-values.toml:10: column building_area_m2: error: out of range: want a number from 0 to 1e+07",
			"testdata/bad-add-values.toml:13: column school_id: error: looks like an identity number (身份证件号), not a school code"}},
		{"inline policy", "testdata/inline-policy.toml", []string{"testdata/inline-policy.toml:3: column policy: error: policy overrides must be written in a [policy] table"}},
		{"missing file", "testdata/nope.toml", []string{"testdata/nope.toml: error: cannot read scenario"}},
		{"structure without a change", "testdata/bad-structure.toml", []string{`testdata/bad-structure.toml:4: column school: error: want district = "…" or group = "…" (empty for none)`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, _, err := scenarios.Load(tc.file, model.LoadOptions{})
			assert.Nil(t, sc)
			var ie *model.InputError
			require.True(t, errors.As(err, &ie), "got %v, want an InputError", err)
			var all []string
			for _, p := range ie.Problems {
				all = append(all, p.String())
			}
			text := strings.Join(all, "\n")
			for _, w := range tc.want {
				assert.Contains(t, text, w)
			}
		})
	}
}

func TestLoadBadTOML(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "bad.toml")
	require.NoError(t, os.WriteFile(f, []byte("name = \"x\"\nbase = \n"), 0o644))
	_, _, err := scenarios.Load(f, model.LoadOptions{})
	var ie *model.InputError
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, 2, ie.Problems[0].Line)
}

// TestLoadDeepNesting: a scenario whose inline tables nest 10,000 deep is
// refused by Load itself, before the TOML parser (which takes seconds and
// gigabytes on it) reads it, whichever door, CLI or workspace, calls it.
func TestLoadDeepNesting(t *testing.T) {
	f := filepath.Join(t.TempDir(), "deep.toml")
	text := "name = \"deep\"\nx = " + strings.Repeat("{a=", 10000) + "1" + strings.Repeat("}", 10000) + "\n"
	require.NoError(t, os.WriteFile(f, []byte(text), 0o644))
	_, probs, err := scenarios.Load(f, model.LoadOptions{})
	var ie *model.InputError
	require.True(t, errors.As(err, &ie), "got %v", err)
	require.Len(t, probs, 1)
	assert.Equal(t, 2, probs[0].Line)
	assert.Contains(t, probs[0].Message, "nested deeper than 64 levels")
}

// tinyScenario loads a scenario named name over the worked example
// (model/testdata/fairness-tiny) whose [policy] table holds the line
// policy; it returns the scenario's instance and the base folder.
func tinyScenario(t *testing.T, name, policy string) (*model.Instance, string) {
	t.Helper()
	base, err := filepath.Abs("../model/testdata/fairness-tiny")
	require.NoError(t, err)
	f := filepath.Join(t.TempDir(), name+".toml")
	text := "name = \"" + name + "\"\nbase = \"" + filepath.ToSlash(base) + "\"\n[policy]\n" + policy + "\n"
	require.NoError(t, os.WriteFile(f, []byte(text), 0o644))
	sc, _, err := scenarios.Load(f, model.LoadOptions{})
	require.NoError(t, err)
	return sc.Instance, base
}

// TestStintYearsOverride: a scenario that shortens stint_years ends the
// stints of history.csv without an end column sooner. In the worked
// example J's stint began 2025-09 with no end: 3 years run to 2028-09
// (ongoing at the plan date 2026-09), 1 year to 2026-09 (J returns). The
// base instance keeps its 3 years.
func TestStintYearsOverride(t *testing.T) {
	in, base := tinyScenario(t, "short", "stint_years = 1")
	j, ok := in.TeacherByID("J")
	require.True(t, ok)
	assert.Equal(t, model.MonthOf(2026, 9), in.StintsOf(j)[0].End, "end of J's stint")
	assert.True(t, in.Teachers[j].Returning, "J returns at the plan date")
	assert.False(t, in.Teachers[j].OngoingStint)

	orig, _, err := model.Load(base, model.LoadOptions{})
	require.NoError(t, err)
	c := scenarios.Clone(orig)
	c.Policy.StintYears = 1
	c.Index()
	jo, _ := orig.TeacherByID("J")
	assert.Equal(t, model.MonthOf(2028, 9), orig.StintsOf(jo)[0].End, "the clone's index changed the original")
}

// TestPlanDateMovesServing: a scenario that plans the worked example a
// year later (2027-09) finds F, back at the post school since F's stint
// at R1 ended in 2026-09, at the post school in the current standing and
// in the planned year, no longer at R1, and J still at R2, whose stint
// runs to 2028-09. The base instance keeps its serving schools.
func TestPlanDateMovesServing(t *testing.T) {
	in, base := tinyScenario(t, "next-year", "plan_date = 2027-09-01")
	at := func(in *model.Instance, id string) (serving, planned string) {
		t.Helper()
		i, ok := in.TeacherByID(id)
		require.True(t, ok, id)
		tc := &in.Teachers[i]
		return in.Schools[tc.Serving].ID, in.Schools[solver.PlannedAt(tc)].ID
	}
	serving, planned := at(in, "F")
	assert.Equal(t, "S1", serving, "F's school in 2026-27")
	assert.Equal(t, "S1", planned, "F's school in 2027-28 before the moves")
	serving, planned = at(in, "J")
	assert.Equal(t, "R2", serving)
	assert.Equal(t, "R2", planned)

	orig, _, err := model.Load(base, model.LoadOptions{})
	require.NoError(t, err)
	serving, planned = at(orig, "F")
	assert.Equal(t, "R1", serving, "F serves at R1 in the base's current year")
	assert.Equal(t, "S1", planned, "F returns in the base's planned year")
}

// TestPriceOfFairness plans the sample county as it is and with the
// priority enforced (examples/enforce.toml): in report mode the plan has
// inversions, listed; enforced, it has none and costs more.
func TestPriceOfFairness(t *testing.T) {
	opt := solver.Options{Seed: 1, Threads: 1, Iterations: 100_000}
	var outs [2]*scenarios.Outcome
	for i, f := range []string{"examples/base.toml", "examples/enforce.toml"} {
		sc, _, err := scenarios.Load(f, model.LoadOptions{})
		require.NoError(t, err)
		outs[i] = scenarios.Plan(context.Background(), sc.Instance, opt)
	}
	report, enforce := outs[0].Summary, outs[1].Summary
	assert.Equal(t, model.PriorityEnforce, outs[1].Evaluator.In.Policy.Priority)
	assert.Positive(t, report.Inversions, "report mode: the cheapest plan moves teachers out of rank order")
	assert.Zero(t, enforce.Inversions+enforce.Envy, "enforce mode: no complaint")
	assert.True(t, outs[1].Result.Score.Feasible())
	assert.Greater(t, enforce.Total, report.Total, "fairness has a price")
}
