package gen

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    Size
		wantErr bool
	}{
		{"small", "small", Small, false},
		{"county", "county", County, false},
		{"upper case and spaces", " Large ", Large, false},
		{"prefecture", "prefecture", Prefecture, false},
		{"crowded", "crowded", Crowded, false},
		{"prefecture4", "prefecture4", Prefecture4, false},
		{"unknown", "huge", "", true},
		{"empty", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSize(tt.in)
			if tt.wantErr {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "small, county, large, prefecture")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got, "got %q, want %q", got, tt.want)
		})
	}
}

// TestStressSizes checks the stress shapes against the layouts they
// enlarge, without generating them: each is several hundred thousand
// teachers.
func TestStressSizes(t *testing.T) {
	tests := []struct {
		name     string
		size, of Size
		counties int
		crowd    int
	}{
		{"prefecture4 is four prefectures", Prefecture4, Prefecture, 4, 0},
		{"crowded is the county a hundred times staffed", Crowded, County, 1, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := specs[tt.of]
			want.counties *= tt.counties
			want.crowd = tt.crowd
			assert.Equal(t, want, specs[tt.size], "got spec %+v, want %+v", specs[tt.size], want)
			assert.True(t, tt.size.Stress(), "%s is a stress shape", tt.size)
			assert.Contains(t, Sizes(), tt.size)
		})
	}
	for _, size := range []Size{Small, County, Large, Prefecture} {
		assert.False(t, size.Stress(), "%s is a planning size", size)
	}
}

// TestCrowd generates the small layout with three teachers for each one:
// its first school, whose students and staffing ratio are drawn before any
// teacher, has exactly three times the teachers, and the crowded county
// loads without problems (a teaching point then has up to twelve).
func TestCrowd(t *testing.T) {
	const crowd3 Size = "small crowded threefold"
	sp := specs[Small]
	sp.crowd = 3
	specs[crowd3] = sp
	t.Cleanup(func() { delete(specs, crowd3) })

	plain, err := Generate(Small, 1)
	require.NoError(t, err)
	crowded, err := Generate(crowd3, 1)
	require.NoError(t, err)
	at := func(in *model.Instance, school int) int {
		n := 0
		for i := range in.Teachers {
			if in.Teachers[i].School == school {
				n++
			}
		}
		return n
	}
	assert.Equal(t, 3*at(plain, 0), at(crowded, 0), "got %d teachers at the first school, want 3 × %d", at(crowded, 0), at(plain, 0))
	ratio := float64(len(crowded.Teachers)) / float64(len(plain.Teachers))
	assert.InDelta(t, 3, ratio, 0.3, "got %.2f times the teachers, want about 3", ratio)
	assert.Len(t, crowded.Schools, len(plain.Schools))

	dir := t.TempDir()
	require.NoError(t, Write(dir, crowded))
	got, problems, err := model.Load(dir, model.LoadOptions{})
	require.NoError(t, err)
	assert.Empty(t, problems, "warnings: %v", head(problems, 10))
	assert.Len(t, got.Teachers, len(crowded.Teachers))
}

func TestGenerateUnknownSize(t *testing.T) {
	_, err := Generate("huge", 1)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown size "huge"`)
}

// writeAll generates and writes a county, returning the file contents by name.
func writeAll(t *testing.T, size Size, seed int64) map[string][]byte {
	t.Helper()
	in, err := Generate(size, seed)
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, Write(dir, in))
	out := map[string][]byte{}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		out[e.Name()] = b
	}
	return out
}

func TestGenerateDeterministic(t *testing.T) {
	for _, size := range []Size{Small, County} {
		t.Run(string(size), func(t *testing.T) {
			a := writeAll(t, size, 7)
			b := writeAll(t, size, 7)
			require.ElementsMatch(t, []string{"schools.csv", "teachers.csv", "policy.toml", "history.csv", "wishes.csv", "pairs.csv"}, keys(a))
			for name := range a {
				assert.True(t, bytes.Equal(a[name], b[name]), "%s differs between two runs with seed 7", name)
			}
			c := writeAll(t, size, 8)
			assert.False(t, bytes.Equal(a["teachers.csv"], c["teachers.csv"]), "teachers.csv is the same for seeds 7 and 8")
		})
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestWriteHeaders(t *testing.T) {
	files := writeAll(t, Small, 1)
	firstLine := func(b []byte) string { return string(bytes.SplitN(b, []byte("\n"), 2)[0]) }
	assert.Equal(t,
		"school_id,name,type,urban_rural,weak,students_primary,students_junior,classes_primary,classes_junior,lon,lat,staff_quota,building_area_m2,sports_area_m2,equipment_value_yuan,multimedia_rooms,district,group",
		firstLine(files["schools.csv"]))
	assert.Equal(t,
		"teacher_id,name,id_number,gender,birth,school_id,stage,subject,education,title,backbone,joined_school,principal,volunteer,exempt,serving_school_id,graduating_class,principal_since",
		firstLine(files["teachers.csv"]))
	assert.Regexp(t, `(?m)^plan_date\s*=\s*2026-09-01\b`, string(files["policy.toml"]))
	assert.False(t, bytes.HasPrefix(files["schools.csv"], []byte("\ufeff")), "schools.csv starts with a BOM")
}

// sizeWant bounds the totals of each size around its description.
var sizeWant = []struct {
	size                  Size
	schools, teachers     [2]int
	students, pointsRange [2]int
}{
	{Small, [2]int{25, 35}, [2]int{1200, 1600}, [2]int{15000, 26000}, [2]int{3, 8}},
	{County, [2]int{55, 65}, [2]int{2200, 2800}, [2]int{32000, 45000}, [2]int{10, 16}},
	{Large, [2]int{230, 270}, [2]int{7200, 8800}, [2]int{110000, 135000}, [2]int{70, 90}},
	{Prefecture, [2]int{2000, 2300}, [2]int{95000, 110000}, [2]int{1300000, 1800000}, [2]int{300, 450}},
}

func TestGenerateSizes(t *testing.T) {
	for _, tt := range sizeWant {
		t.Run(string(tt.size), func(t *testing.T) {
			if tt.size == Prefecture && testing.Short() {
				t.Skip("prefecture is slow under -short")
			}
			in, err := Generate(tt.size, 1)
			require.NoError(t, err)
			students, points := 0, 0
			for i := range in.Schools {
				students += in.Schools[i].TotalStudents()
				if in.Schools[i].Type == model.TeachingPoint {
					points++
				}
			}
			within := func(what string, got int, want [2]int) {
				assert.True(t, got >= want[0] && got <= want[1], "%s: got %d, want %d..%d", what, got, want[0], want[1])
			}
			within("schools", len(in.Schools), tt.schools)
			within("teachers", len(in.Teachers), tt.teachers)
			within("students", students, tt.students)
			within("teaching points", points, tt.pointsRange)
			checkInvariants(t, in)
			checkShares(t, in)
		})
	}
}

// checkInvariants asserts what model.Load validates and what the domain
// requires of any county: unique IDs, staffed stages, legal class sizes,
// plausible dates and identity numbers.
func checkInvariants(t *testing.T, in *model.Instance) {
	t.Helper()
	schoolIDs := map[string]bool{}
	for i := range in.Schools {
		s := &in.Schools[i]
		require.False(t, schoolIDs[s.ID], "duplicate school ID %s", s.ID)
		schoolIDs[s.ID] = true
		got, ok := in.SchoolByID(s.ID)
		require.True(t, ok && got == i, "SchoolByID(%s): got %d, want %d", s.ID, got, i)
		assert.NotEmpty(t, s.Name)
		limit := 2000
		if s.Type == model.NineYear {
			limit = 2500
		}
		assert.LessOrEqual(t, s.TotalStudents(), limit, "school %s students", s.ID)
		for _, st := range model.Stages {
			n, c := s.Students[st], s.Classes[st]
			if !s.Teaches(st) {
				assert.Zero(t, n, "school %s (%s) has %s students", s.ID, s.Type, st)
				assert.Zero(t, c, "school %s (%s) has %s classes", s.ID, s.Type, st)
				continue
			}
			require.Positive(t, n, "school %s has no %s students", s.ID, st)
			require.Positive(t, c, "school %s has no %s classes", s.ID, st)
			assert.LessOrEqual(t, float64(n)/float64(c), float64(maxClass[st]), "school %s %s class size", s.ID, st)
		}
		if s.Type == model.TeachingPoint {
			assert.True(t, s.Students[model.Primary] >= 10 && s.Students[model.Primary] <= 80, "teaching point %s students: got %d, want 10..80", s.ID, s.Students[model.Primary])
		}
		assert.True(t, s.HasCoords && s.Lon > 100 && s.Lon < 125 && s.Lat > 20 && s.Lat < 35, "school %s coordinates %v,%v", s.ID, s.Lon, s.Lat)
		for _, v := range []float64{s.BuildingArea, s.SportsArea, s.EquipmentValue} {
			assert.Positive(t, v, "school %s facilities", s.ID)
		}
		assert.GreaterOrEqual(t, s.MultimediaRooms, 0)
	}

	staffed := make([][model.NumStages]int, len(in.Schools))
	teacherIDs := map[string]bool{}
	for i := range in.Teachers {
		tc := &in.Teachers[i]
		require.False(t, teacherIDs[tc.ID], "duplicate teacher ID %s", tc.ID)
		teacherIDs[tc.ID] = true
		require.True(t, tc.School >= 0 && tc.School < len(in.Schools), "teacher %s school %d", tc.ID, tc.School)
		require.True(t, tc.Serving >= 0 && tc.Serving < len(in.Schools), "teacher %s serving %d", tc.ID, tc.Serving)
		assert.True(t, in.Schools[tc.School].Teaches(tc.Stage), "teacher %s teaches %s at %s", tc.ID, tc.Stage, in.Schools[tc.School].Type)
		assert.True(t, in.Schools[tc.Serving].Teaches(tc.Stage), "teacher %s serves %s at %s", tc.ID, tc.Stage, in.Schools[tc.Serving].Type)
		if tc.OnRotation() {
			assert.True(t, in.Schools[tc.School].IsSource() && in.Schools[tc.Serving].IsReceiver(), "teacher %s rotates from a receiver or to a source", tc.ID)
		}
		staffed[tc.School][tc.Stage]++

		age := tc.Birth.YearsUntil(PlanDate)
		retire := float64(in.Policy.RetirementAge[tc.Gender])
		assert.True(t, age >= 22 && age < retire, "teacher %s age %.1f, want 22..%g", tc.ID, age, retire)
		assert.LessOrEqual(t, tc.Joined, PlanDate-12, "teacher %s joined %s", tc.ID, tc.Joined)
		assert.GreaterOrEqual(t, tc.Joined-tc.Birth, model.Month(12*18), "teacher %s joined %s, born %s", tc.ID, tc.Joined, tc.Birth)
		checkIDNumber(t, tc)
		assert.NotEmpty(t, tc.Name)
	}
	for i := range in.Schools {
		for _, st := range model.Stages {
			if in.Schools[i].Students[st] > 0 {
				assert.Positive(t, staffed[i][st], "school %s has %s students and no %s teachers", in.Schools[i].ID, st, st)
			}
		}
		if in.Schools[i].Type == model.TeachingPoint {
			n := staffed[i][model.Primary]
			assert.True(t, n >= 1 && n <= 4, "teaching point %s teachers: got %d, want 1..4", in.Schools[i].ID, n)
		}
	}
}

func checkIDNumber(t *testing.T, tc *model.Teacher) {
	t.Helper()
	id := tc.IDNumber
	require.Len(t, id, 18, "teacher %s id_number", tc.ID)
	assert.Equal(t, idCheck(id[:17]), id[17:], "teacher %s id_number check character", tc.ID)
	assert.Equal(t, tc.Birth.String(), id[6:10]+"-"+id[10:12], "teacher %s id_number birth", tc.ID)
	seq, err := strconv.Atoi(id[14:17])
	require.NoError(t, err)
	assert.Equal(t, tc.Gender == model.Male, seq%2 == 1, "teacher %s id_number gender digit", tc.ID)
}

// checkShares asserts the shares the brief asks for, over the whole county.
func checkShares(t *testing.T, in *model.Instance) {
	t.Helper()
	var students, teachers [model.NumStages]float64
	for i := range in.Schools {
		for _, st := range model.Stages {
			students[st] += float64(in.Schools[i].Students[st])
		}
	}
	var volunteer, graduating, exempt, rotating, principals, source, seasoned float64
	for i := range in.Teachers {
		tc := &in.Teachers[i]
		teachers[tc.Stage]++
		count := func(b bool, n *float64) {
			if b {
				*n++
			}
		}
		count(tc.Volunteer, &volunteer)
		count(tc.GraduatingClass, &graduating)
		count(tc.Exempt != "", &exempt)
		count(tc.OnRotation(), &rotating)
		count(tc.Principal, &principals)
		if in.Schools[tc.School].IsSource() {
			source++
			count(tc.Joined.YearsUntil(PlanDate) >= 6, &seasoned)
		}
	}
	n := float64(len(in.Teachers))
	between := func(what string, got, lo, hi float64) {
		assert.True(t, got >= lo && got <= hi, "%s: got %.3f, want %g..%g", what, got, lo, hi)
	}
	between("students per primary teacher", students[model.Primary]/teachers[model.Primary], 15, 17.5)
	between("students per junior teacher", students[model.Junior]/teachers[model.Junior], 12, 14)
	between("volunteer share", volunteer/n, 0.10, 0.20)
	between("graduating-class share", graduating/n, 0.06, 0.14)
	between("exempt share", exempt/n, 0.01, 0.03)
	between("on-rotation share", rotating/n, 0.001, 0.02)
	between("source teachers with 6+ years at school", seasoned/source, 0.40, 0.60)
	assert.Positive(t, principals)
}

func TestCountyWithinRadius(t *testing.T) {
	for _, size := range []Size{Small, County, Large} {
		in, err := Generate(size, 3)
		require.NoError(t, err)
		var urbanMax, ruralSum, ruralN float64
		for i := range in.Schools {
			s := &in.Schools[i]
			d := model.GreatCircleKm(seatLat, seatLon, s.Lat, s.Lon)
			assert.LessOrEqual(t, d, countyRadiusKm+0.5, "%s school %s is %.1f km from the seat", size, s.ID, d)
			switch s.Locale {
			case model.Urban:
				urbanMax = math.Max(urbanMax, d)
			case model.Rural:
				ruralSum += d
				ruralN++
			}
		}
		assert.Less(t, urbanMax, 4.0, "%s: urban schools up to %.1f km from the seat", size, urbanMax)
		assert.Greater(t, ruralSum/ruralN, 10.0, "%s: rural schools on average %.1f km from the seat", size, ruralSum/ruralN)
	}
}

func TestPrefectureCountiesApart(t *testing.T) {
	if testing.Short() {
		t.Skip("prefecture is slow under -short")
	}
	in, err := Generate(Prefecture, 1)
	require.NoError(t, err)
	counties, names := map[string]bool{}, map[string]bool{}
	for i := range in.Schools {
		s := &in.Schools[i]
		counties[s.ID[:4]] = true
		if s.Locale == model.Urban {
			names[strings.SplitAfter(s.Name, "县")[0]] = true
		}
	}
	assert.Len(t, counties, 14, "got %d county ID prefixes, want 14", len(counties))
	assert.Len(t, names, 14, "got county names %v, want 14 distinct", names)
	for i := range 14 {
		for j := range i {
			lonA, latA := countySeat(i, 14)
			lonB, latB := countySeat(j, 14)
			d := model.GreatCircleKm(latA, lonA, latB, lonB)
			assert.GreaterOrEqual(t, d, 55.0, "seats %d and %d are %.1f km apart", i, j, d)
		}
	}
}

// TestIndicatorGaps checks the realism the solver needs: the county seat
// meets the teacher indicators I1-I3, rural schools fall short of them.
func TestIndicatorGaps(t *testing.T) {
	in, err := Generate(County, 1)
	require.NoError(t, err)
	p := &in.Policy
	type counts [model.NumTeacherIndicators]float64
	have := make([][model.NumStages]counts, len(in.Schools))
	for i := range in.Teachers {
		tc := &in.Teachers[i]
		c := &have[tc.Serving][tc.Stage]
		if p.Qualifies(tc, tc.Stage) {
			c[model.Qualified]++
		}
		if tc.Backbone.IsBackbone() {
			c[model.BackboneI]++
		}
		if tc.Subject.IsPEArt() {
			c[model.PEArt]++
		}
	}
	var ruralParts int
	var ruralShort [model.NumTeacherIndicators]int
	for i := range in.Schools {
		s := &in.Schools[i]
		for _, st := range model.Stages {
			n := float64(s.Students[st])
			if n < float64(p.ScopeMinStudents) {
				continue
			}
			for ind := range model.NumTeacherIndicators {
				v := have[i][st][ind] / n * 100
				thr := p.Thresholds[st][ind]
				if s.Locale == model.Urban && !s.Weak {
					assert.GreaterOrEqual(t, v, thr, "urban school %s %s %s: got %.2f per 100, want ≥ %g", s.ID, st, model.Indicator(ind).Code(), v, thr)
				}
				if s.Locale == model.Rural && v < thr {
					ruralShort[ind]++
				}
			}
			if s.Locale == model.Rural {
				ruralParts++
			}
		}
	}
	for ind, short := range ruralShort {
		assert.Positive(t, short, "no rural school part short on %s", model.Indicator(ind).Code())
	}
	assert.Greater(t, float64(ruralShort[model.BackboneI])/float64(ruralParts), 0.6, "share of rural parts short of backbone teachers")
	assert.Greater(t, float64(ruralShort[model.PEArt])/float64(ruralParts), 0.4, "share of rural parts short of PE and art teachers")
}

func TestIDCheck(t *testing.T) {
	// The published examples 11010519491231002X and 440524188001010014.
	assert.Equal(t, "X", idCheck("11010519491231002"))
	assert.Equal(t, "4", idCheck("44052418800101001"))
}

func BenchmarkGenerate(b *testing.B) {
	for _, size := range []Size{Small, County, Large} {
		b.Run(string(size), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Generate(size, 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
