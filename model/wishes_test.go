package model

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wishSchools adds two receivers to the mini dataset, without students so
// they need no teachers: R3 a rural primary, J2 a rural junior school.
var wishSchools = edit{"schools.csv", "", "R3,河口小学,primary,220,no,0,0,0,0,113.1,28.3,200,300,50000,1\nJ2,河口中学,junior,220,no,0,0,0,0,113.2,28.3,200,300,50000,1\n"}

const wishHeader = "teacher_id,rank,school_id\n"

// wishFS is the mini dataset with wishSchools and the wishes file.
func wishFS(t testing.TB, file, wishes string) fstest.MapFS {
	t.Helper()
	return planFS(t, wishSchools, edit{file, "", wishes})
}

func TestLoadWishes(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		wishes string
		want   map[string][]string // teacher → wished schools, first first
		warn   string              // a warning on wishes.csv, if any
	}{
		{
			name: "ranked in any row order", file: "wishes.csv",
			wishes: wishHeader + "T1,2,S2\nT2,1,S2\nT1,1,R3\n",
			want:   map[string][]string{"T1": {"R3", "S2"}, "T2": {"S2"}},
		},
		{
			name: "Chinese file and headers", file: "志愿.csv",
			wishes: "教职工号,志愿顺序,志愿学校代码\nT2,1,R3\nT2,2,S2\n",
			want:   map[string][]string{"T2": {"R3", "S2"}},
		},
		{
			name: "a skipped rank closes up", file: "wishes.csv",
			wishes: wishHeader + "T1,1,R3\nT1,3,S2\n",
			want:   map[string][]string{"T1": {"R3", "S2"}},
			warn:   "the wishes of teacher T1 skip rank 2: wishes are taken in rank order, so this one counts as wish 2",
		},
		{
			name: "a junior teacher wishes for a junior school", file: "wishes.csv",
			wishes: wishHeader + "T4,1,J2\n",
			want:   map[string][]string{"T4": {"J2"}},
		},
		{name: "header only", file: "wishes.csv", wishes: wishHeader, want: map[string][]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, probs, err := LoadFS(wishFS(t, tt.file, tt.wishes), LoadOptions{})
			require.NoError(t, err, "problems:\n%s", problemList(probs))
			var warns []string
			for _, p := range probs {
				if p.File == tt.file {
					warns = append(warns, p.Message)
				}
			}
			if tt.warn == "" {
				assert.Empty(t, warns)
			} else {
				assert.Equal(t, []string{tt.warn}, warns)
			}
			got := map[string][]string{}
			for ti, tc := range in.Teachers {
				for _, s := range in.WishesOf(ti) {
					got[tc.ID] = append(got[tc.ID], in.Schools[s].ID)
				}
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.file, in.Files[len(in.Files)-1].Name)
		})
	}
}

func TestLoadWishesProblems(t *testing.T) {
	tests := []struct {
		name    string
		wishes  string // rows below wishHeader
		line    int
		column  string
		message string
	}{
		{"missing teacher", ",1,S2\n", 2, "teacher_id", "missing value"},
		{"unknown teacher", "T9,1,S2\n", 2, "teacher_id", "unknown teacher T9: not in the teachers file"},
		{"missing rank", "T1,,S2\n", 2, "rank", "missing value, want the rank of the wish"},
		{"rank not a number", "T1,first,S2\n", 2, "rank", `got "first", want the rank of the wish: an integer ≥ 1, 1 for the first`},
		{"rank 0", "T1,0,S2\n", 2, "rank", `got "0", want the rank of the wish: an integer ≥ 1`},
		{"fractional rank", "T1,1.5,S2\n", 2, "rank", `got "1.5"`},
		{"rank too large", "T1,99999999999999999999,S2\n", 2, "rank", `got "99999999999999999999": too large, want the rank of the wish: an integer from 1 to 1000000`},
		{"missing school", "T1,1,\n", 2, "school_id", "missing value, want the code of a receiving school"},
		{"unknown school", "T1,1,R9\n", 2, "school_id", "unknown school R9: not in schools.csv"},
		{"school by its name", "T1,1,河口中学\n", 2, "school_id", "unknown school 河口中学: not in schools.csv; it is the name of school J2: give the code (学校代码)"},
		{"school that is no receiver", "T1,1,S3\n", 2, "school_id", "school S3 城关中学 cannot receive teachers: it is neither rural nor weak"},
		{"school without the teacher's stage", "T1,1,J2\n", 2, "school_id", "school J2 河口中学 is a junior (初中) school and teaches no primary (小学) stage, the stage of teacher T1"},
		{"the teacher's own post school", "T3,1,S2\n", 2, "school_id", "teacher T3 holds the post at S2; a wish names another school"},
		{"duplicate rank", "T1,1,S2\nT2,1,S2\nT1,1,R3\n", 4, "rank", "teacher T1 gives rank 1 twice, first on line 2: each wish has its own rank"},
		{"same school twice", "T1,1,S2\nT1,2,S2\n", 3, "school_id", "teacher T1 wishes for school S2 twice, first on line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs, err := LoadFS(wishFS(t, "wishes.csv", wishHeader+tt.wishes), LoadOptions{})
			var ie *InputError
			require.ErrorAs(t, err, &ie)
			assert.True(t, findProblem(probs, Error, "wishes.csv", tt.line, tt.column, tt.message),
				"got problems:\n%swant error wishes.csv:%d column %q containing %q", problemList(probs), tt.line, tt.column, tt.message)
		})
	}
	t.Run("no gap warning for the rank of a row in error", func(t *testing.T) {
		// T1's first wish names a school that receives no teachers: that is
		// the error, and its second wish does not skip rank 1.
		_, probs, err := LoadFS(wishFS(t, "wishes.csv", wishHeader+"T1,1,S3\nT1,2,R3\n"), LoadOptions{})
		require.Error(t, err)
		assert.True(t, findProblem(probs, Error, "wishes.csv", 2, "school_id", "cannot receive teachers"), "got problems:\n%s", problemList(probs))
		for _, p := range probs {
			assert.NotContains(t, p.Message, "skip rank", "got %s", p)
		}
	})
	t.Run("missing column", func(t *testing.T) {
		_, probs, err := LoadFS(wishFS(t, "wishes.csv", "teacher_id,school_id\nT1,S2\n"), LoadOptions{})
		require.Error(t, err)
		assert.True(t, findProblem(probs, Error, "wishes.csv", 1, "", "missing required column rank (志愿顺序)"), "got problems:\n%s", problemList(probs))
	})
}

// TestWishCost works the soft cost of a move by hand (DOMAIN §6): wish_rank
// × (rank − 1) to a wish, outside_wishes elsewhere, nothing for a teacher
// without wishes.
func TestWishCost(t *testing.T) {
	in := &Instance{
		Policy:   DefaultPolicy(MonthOf(2026, 9)),
		Schools:  []School{{ID: "S1"}, {ID: "R1", Locale: Rural}, {ID: "R2", Locale: Rural}, {ID: "R3", Locale: Rural}},
		Teachers: []Teacher{{ID: "T1"}, {ID: "T2"}},
		Wishes: []Wish{
			{TeacherID: "T1", Rank: 3, SchoolID: "R1"},
			{TeacherID: "T1", Rank: 1, SchoolID: "R2"},
			{TeacherID: "T1", Rank: 2, SchoolID: "GONE"},
		},
	}
	in.Index()
	require.Equal(t, []int{2, 1}, in.WishesOf(0), "a school no longer there drops out and the ranks close up")
	tests := []struct {
		name              string
		teacher, school   int
		wishRank, outside float64
		want              float64
	}{
		{"first wish", 0, 2, 5, 20, 0},
		{"second wish", 0, 1, 5, 20, 5},
		{"outside the wishes", 0, 3, 5, 20, 20},
		{"no wishes", 1, 3, 5, 20, 0},
		{"policy weights", 0, 1, 7, 3, 7},
		{"outside with a policy weight", 0, 3, 7, 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in.Policy.Weights.WishRank, in.Policy.Weights.OutsideWishes = tt.wishRank, tt.outside
			got := in.WishCost(tt.teacher, tt.school)
			assert.Equal(t, tt.want, got, "got %v, want %v", got, tt.want)
		})
	}
	assert.Equal(t, 2, in.WishRank(0, 1))
	assert.Equal(t, 0, in.WishRank(0, 3))
	assert.Nil(t, in.WishesOf(5), "a teacher index out of range has no wishes")
}

// FuzzLoadWishes loads random wishes files beside the mini dataset: the
// load never panics, and what it accepts is consistent.
func FuzzLoadWishes(f *testing.F) {
	f.Add([]byte(wishHeader + "T1,1,R3\nT1,2,S2\nT2,1,S2\n"))
	f.Add([]byte(wishHeader + "T1,1,S2\nT1,1,R3\nT1,2,S2\n"))
	f.Add([]byte("教职工号,志愿顺序,志愿学校代码\nT4,1,J2\nT3,1,S2\n"))
	f.Add([]byte(wishHeader + "T1,3,R3\nT1,7,S2\nT2,0,S2\n"))
	f.Add([]byte(wishHeader))
	f.Fuzz(func(t *testing.T, wishes []byte) {
		fsys := planFS(t, wishSchools)
		fsys["wishes.csv"] = &fstest.MapFile{Data: wishes}
		in, probs, err := LoadFS(fsys, LoadOptions{})
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || len(probs.Errors()) == 0 || in != nil {
				t.Fatalf("got %v with %d errors", err, len(probs.Errors()))
			}
			return
		}
		n := 0
		for ti, tc := range in.Teachers {
			seen := map[int]bool{}
			for _, s := range in.WishesOf(ti) {
				if s < 0 || s >= len(in.Schools) || seen[s] || s == tc.School {
					t.Fatalf("teacher %s wishes for school %d", tc.ID, s)
				}
				if sc := in.Schools[s]; !sc.IsReceiver() || !sc.Teaches(tc.Stage) {
					t.Fatalf("teacher %s wishes for %s, no receiver of the stage", tc.ID, sc.ID)
				}
				seen[s] = true
				n++
			}
		}
		if n != len(in.Wishes) {
			t.Fatalf("got %d wishes by teacher, want the %d rows", n, len(in.Wishes))
		}
	})
}
