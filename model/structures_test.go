package model

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// structuresFS is the mini dataset with districts and groups: S1 and S2
// in district 东片, S3 in 西片 with no group; S1 and S2 in group 城关教育集团.
func structuresFS(t testing.TB, edits ...edit) fstest.MapFS {
	t.Helper()
	base := []edit{
		{"schools.csv", "multimedia_rooms\n", "multimedia_rooms,学区,教育集团\n"},
		{"schools.csv", "200000,4\n", "200000,4,东片,城关教育集团\n"},
		{"schools.csv", "50000,1\n", "50000,1,东片, 城关教育集团 \n"},
		{"schools.csv", "150000,3\n", "150000,3,西片,\n"},
	}
	return planFS(t, append(base, edits...)...)
}

func TestLoadDistrictsAndGroups(t *testing.T) {
	in, probs, err := LoadFS(structuresFS(t), LoadOptions{})
	require.NoError(t, err, "%v", probs)
	assert.Empty(t, probs)
	want := [][2]string{{"东片", "城关教育集团"}, {"东片", "城关教育集团"}, {"西片", ""}}
	for i, w := range want {
		assert.Equal(t, w, [2]string{in.Schools[i].District, in.Schools[i].Group}, "school %s", in.Schools[i].ID)
	}
}

// TestMoveScopeWithoutUnits checks the warning for a move_scope that holds
// no school, because no school of schools.csv names a district (group):
// every move stays county-wide, which the planner should know.
func TestMoveScopeWithoutUnits(t *testing.T) {
	tests := []struct {
		name   string
		fsys   fstest.MapFS
		column string
		want   string // "" for no warning
	}{
		{"district scope, no districts", planFS(t, edit{"policy.toml", "", "move_scope = \"district\"\n"}),
			"district", "move_scope = district (policy.toml) but no school names its district (学区): the scope holds no school and every move is county-wide"},
		{"group scope, no groups", structuresFS(t, edit{"policy.toml", "", "move_scope = \"group\"\n"},
			edit{"schools.csv", "东片,城关教育集团\n", "东片,\n"}, edit{"schools.csv", "东片, 城关教育集团 \n", "东片,\n"}),
			"教育集团", "move_scope = group (policy.toml) but no school names its group (教育集团): the scope holds no school and every move is county-wide"},
		{"district scope with districts", structuresFS(t, edit{"policy.toml", "", "move_scope = \"district\"\n"}), "", ""},
		{"county scope, no districts", planFS(t), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs, err := LoadFS(tt.fsys, LoadOptions{})
			require.NoError(t, err, "%v", probs)
			got := problemsAbout(probs, "move_scope")
			if tt.want == "" {
				assert.Empty(t, got)
				return
			}
			require.Len(t, got, 1, "got problems:\n%s", problemList(probs))
			assert.Equal(t, Warning, got[0].Severity)
			assert.Equal(t, "schools.csv", got[0].File)
			assert.Equal(t, tt.column, got[0].Column)
			assert.Equal(t, tt.want, got[0].Message)
		})
	}
}

func TestLoadPairs(t *testing.T) {
	tests := []struct {
		name  string
		pairs string
		want  []Pair
		errs  []string // substrings of the errors, in order
		warns []string
	}{
		{name: "english", pairs: "source_school_id,receiver_school_id\nS1,S2\n", want: []Pair{{"S1", "S2", 2}}},
		{name: "chinese", pairs: "帮扶学校代码,受援学校代码\nS3,S2\n", want: []Pair{{"S3", "S2", 2}}},
		{name: "header only", pairs: "source_school_id,receiver_school_id\n", want: []Pair{}},
		{
			name:  "twice",
			pairs: "source_school_id,receiver_school_id\nS1,S2\nS1,S2\n",
			want:  []Pair{{"S1", "S2", 2}},
			warns: []string{"pairs.csv:3: column receiver_school_id: warning: pair S1 → S2 listed twice, first on line 2"},
		},
		{
			name:  "receiver as source",
			pairs: "source_school_id,receiver_school_id\nS2,S1\n",
			errs: []string{
				"pairs.csv:2: column source_school_id: error: school S2 乡村小学 is not a source school: it is rural and weak",
				"pairs.csv:2: column receiver_school_id: error: school S1 城关小学 cannot receive teachers",
			},
		},
		{
			name:  "school paired with itself",
			pairs: "source_school_id,receiver_school_id\nS1,S1\nS2,S2\n",
			errs: []string{
				"pairs.csv:2: column receiver_school_id: error: school S1 城关小学 is paired with itself: a pair names a source school and another, receiving school",
				"pairs.csv:3: column receiver_school_id: error: school S2 乡村小学 is paired with itself: a pair names a source school and another, receiving school",
			},
		},
		{
			name:  "unknown school",
			pairs: "source_school_id,receiver_school_id\nS1,S9\n",
			errs:  []string{"pairs.csv:2: column receiver_school_id: error: unknown school S9"},
		},
		{
			name:  "missing column",
			pairs: "source_school_id\nS1\n",
			errs:  []string{"receiver_school_id"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := planFS(t)
			name := "pairs.csv"
			if tt.name == "chinese" {
				name = "结对.csv"
			}
			fsys[name] = &fstest.MapFile{Data: []byte(tt.pairs)}
			in, probs, err := LoadFS(fsys, LoadOptions{})
			if len(tt.errs) > 0 {
				require.Error(t, err)
				es := probs.Errors()
				require.Len(t, es, len(tt.errs), "errors: %v", es)
				all := fmt.Sprint(es)
				for _, e := range tt.errs {
					assert.Contains(t, all, e)
				}
				return
			}
			require.NoError(t, err, "%v", probs)
			assert.Equal(t, tt.want, in.Pairs)
			require.Len(t, probs, len(tt.warns), "%v", probs)
			for i, w := range tt.warns {
				assert.Contains(t, probs[i].String(), w)
			}
			if len(tt.want) > 0 {
				s, _ := in.SchoolByID(tt.want[0].SourceID)
				r, _ := in.SchoolByID(tt.want[0].ReceiverID)
				assert.True(t, in.Paired(s, r), "Paired(%s, %s)", tt.want[0].SourceID, tt.want[0].ReceiverID)
				assert.False(t, in.Paired(r, s), "a pair has a direction")
			}
			assert.Equal(t, name, in.Files[len(in.Files)-1].Name)
		})
	}
}

// TestWithinScope works move_scope by hand on the structures of
// structuresFS: S1 (东片, group) → S2 (东片, group) always; S3 (西片, no
// group) → S2 (东片) only under the county and the group scope, where S3
// belongs to no group and is not held.
func TestWithinScope(t *testing.T) {
	in, probs, err := LoadFS(structuresFS(t), LoadOptions{})
	require.NoError(t, err, "%v", probs)
	tests := []struct {
		scope        MoveScope
		s1s2, s3s2   bool
		s2s3, s1s3   bool
		description  string
		s1Unit, s3Un string
	}{
		{ScopeCounty, true, true, true, true, "the county scope holds nobody", "", ""},
		{ScopeDistrict, true, false, false, false, "东片 and 西片 apart", "东片", "西片"},
		{ScopeGroup, true, true, false, false, "S3 has no group: not held; the group of S1 and S2 lacks S3", "城关教育集团", ""},
	}
	for _, tt := range tests {
		t.Run(tt.scope.String(), func(t *testing.T) {
			in.Policy.MoveScope = tt.scope
			assert.Equal(t, tt.s1s2, in.WithinScope(0, 1), "S1→S2: %s", tt.description)
			assert.Equal(t, tt.s3s2, in.WithinScope(2, 1), "S3→S2: %s", tt.description)
			assert.Equal(t, tt.s2s3, in.WithinScope(1, 2), "S2→S3: %s", tt.description)
			assert.Equal(t, tt.s1s3, in.WithinScope(0, 2), "S1→S3: %s", tt.description)
			assert.Equal(t, tt.s1Unit, tt.scope.Unit(&in.Schools[0]))
			assert.Equal(t, tt.s3Un, tt.scope.Unit(&in.Schools[2]))
		})
	}
}

func TestPrincipalSince(t *testing.T) {
	principals := []edit{
		{"teachers.csv", "joined_school\n", "joined_school,是否校长,任现职年月\n"},
		{"teachers.csv", "none,2010-09\n", "none,2010-09,是,2020-09\n"},        // T1: 6 years at 2026-09: due
		{"teachers.csv", "county,2012-09\n", "county,2012-09,是,2021-03-15\n"}, // T2: 5.5 years
		{"teachers.csv", ",2015-09\n", ",2015-09,是,\n"},                       // T3: no date
	}
	in, probs, err := LoadFS(planFS(t, principals...), LoadOptions{})
	require.NoError(t, err, "%v", probs)
	assert.Empty(t, probs)
	tests := []struct {
		teacher int
		since   Month
		years   float64
		due     bool
	}{
		{0, MonthOf(2020, 9), 6, true},
		{1, MonthOf(2021, 3), 5.5, false},
		{2, 0, -1, false},
		{3, 0, -1, false}, // not a principal
	}
	for _, tt := range tests {
		tc := &in.Teachers[tt.teacher]
		assert.Equal(t, tt.since, tc.PrincipalSince, "teacher %s", tc.ID)
		assert.InDelta(t, tt.years, in.PrincipalYears(tc), 1e-12, "teacher %s tenure", tc.ID)
		assert.Equal(t, tt.due, in.PrincipalDue(tc), "teacher %s due", tc.ID)
	}
	in.Policy.PrincipalMaxYears = 5.5
	assert.True(t, in.PrincipalDue(&in.Teachers[1]), "5.5 years is due when principal_max_years is 5.5")

	bad := []struct {
		name, value, want string
		sev               Severity
	}{
		{"not a date", "2020-13", "column 任现职年月: error: got \"2020-13\"", Error},
		{"before 18", "1990-01", "principal since 1990-01, before the teacher turned 18 (born 1980-01)", Error},
		{"after the plan date", "2027-09", "after the plan date 2026-09", Warning},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			edits := append(append([]edit{}, principals[0]), edit{"teachers.csv", "none,2010-09\n", "none,2010-09,是," + b.value + "\n"},
				principals[2], principals[3])
			_, probs, _ := LoadFS(planFS(t, edits...), LoadOptions{})
			require.Len(t, probs, 1, "%v", probs)
			assert.Equal(t, b.sev, probs[0].Severity)
			assert.Contains(t, probs[0].String(), b.want)
			assert.Equal(t, 2, probs[0].Line)
		})
	}
	t.Run("not a principal", func(t *testing.T) {
		edits := []edit{principals[0], {"teachers.csv", "none,2010-09\n", "none,2010-09,否,2020-09\n"}, principals[2], principals[3]}
		in, probs, err := LoadFS(planFS(t, edits...), LoadOptions{})
		require.NoError(t, err)
		require.Len(t, probs, 1, "%v", probs)
		assert.Contains(t, probs[0].String(), "the teacher is not a principal")
		assert.Zero(t, in.Teachers[0].PrincipalSince)
	})
}

func TestPolicyStructures(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	p, probs := DecodePolicy("policy.toml", []byte("move_scope = \"学区\"\npair_bonus = 15\nprincipal_max_years = 9\n[weights]\ntitle_structure = 50\nage_structure = 25\n"), now)
	require.Empty(t, probs)
	assert.Equal(t, ScopeDistrict, p.MoveScope)
	assert.Equal(t, 15.0, p.PairBonus)
	assert.Equal(t, 9.0, p.PrincipalMaxYears)
	assert.Equal(t, 50.0, p.Weights.TitleStructure)
	assert.Equal(t, 25.0, p.Weights.AgeStructure)

	d := DefaultPolicy(MonthOf(2026, 9))
	assert.Equal(t, ScopeCounty, d.MoveScope)
	assert.Zero(t, d.PairBonus)
	assert.Equal(t, 6.0, d.PrincipalMaxYears)
	assert.Zero(t, d.Weights.TitleStructure)
	assert.Zero(t, d.Weights.AgeStructure)

	// EncodePolicy writes them and reads them back.
	var b bytes.Buffer
	require.NoError(t, EncodePolicy(&b, p))
	back, probs := DecodePolicy("policy.toml", b.Bytes(), now)
	require.Empty(t, probs)
	assert.Equal(t, p, back)

	for _, tt := range []struct{ text, want string }{
		{"move_scope = \"province\"", "policy.toml:1: column move_scope: error: got \"province\", want one of county/全县, district/学区, group/集团"},
		{"move_scope = 2", "policy.toml:1: column move_scope: error: got 2, want one of"},
		{"pair_bonus = -1", "policy.toml:1: column pair_bonus: error: want a number from 0 to"},
		{"principal_max_years = 0", "policy.toml:1: column principal_max_years: error: want years from 1 to 40"},
		{"[weights]\nage_structure = -2", "policy.toml:2: column weights.age_structure: error"},
	} {
		_, probs := DecodePolicy("policy.toml", []byte(tt.text), now)
		require.Len(t, probs, 1, "%s: %v", tt.text, probs)
		assert.Contains(t, probs[0].String(), tt.want)
	}
}

func FuzzLoadPairs(f *testing.F) {
	f.Add([]byte("source_school_id,receiver_school_id\nS1,S2\nS3,S2\n"))
	f.Add([]byte("帮扶学校代码,受援学校代码\nS2,S1\nS1,S9\n"))
	f.Add([]byte("source_school_id,receiver_school_id\nS1,S2\nS1,S2\n,\n"))
	f.Add([]byte("source_school_id\n\"S1\n"))
	f.Add([]byte("source_school_id,receiver_school_id\n"))
	f.Fuzz(func(t *testing.T, pairs []byte) {
		fsys := structuresFS(t)
		fsys["pairs.csv"] = &fstest.MapFile{Data: pairs}
		in, probs, err := LoadFS(fsys, LoadOptions{})
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || len(probs.Errors()) == 0 || in != nil {
				t.Fatalf("got %v with %d errors", err, len(probs.Errors()))
			}
			return
		}
		for _, p := range in.Pairs {
			s, ok1 := in.SchoolByID(p.SourceID)
			r, ok2 := in.SchoolByID(p.ReceiverID)
			if !ok1 || !ok2 || !in.Schools[s].IsSource() || !in.Schools[r].IsReceiver() || !in.Paired(s, r) {
				t.Fatalf("bad pair accepted on line %d: %s → %s", p.Line, p.SourceID, p.ReceiverID)
			}
			if strings.TrimSpace(p.SourceID) == "" {
				t.Fatalf("empty source on line %d", p.Line)
			}
		}
	})
}
