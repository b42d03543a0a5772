package gen

import (
	"fmt"
	"strings"
)

// Size names a county layout: how many schools of each kind it has.
type Size string

// The named sizes. Counts are approximate; see spec for the layout.
const (
	Small      Size = "small"      // ~30 schools, ~1,400 teachers
	County     Size = "county"     // ~60 schools, ~2,500 teachers: the sample county
	Large      Size = "large"      // ~250 schools incl. ~80 teaching points, ~8,000 teachers, ~120k students
	Prefecture Size = "prefecture" // ~14 counties side by side: ~2,000 schools, ~100,000 teachers

	// The stress shapes, for the solver's limits rather than for planning:
	// Crowded is the county's layout with a hundred teachers wherever the
	// county has one (~60 schools, ~250,000 teachers, the same students),
	// and Prefecture4 is four prefectures' counties side by side (~56
	// counties, ~8,500 schools, ~410,000 teachers).
	Crowded     Size = "crowded"
	Prefecture4 Size = "prefecture4"
)

// Sizes lists the named sizes, the planning sizes from smallest to largest
// and then the stress shapes.
func Sizes() []Size { return []Size{Small, County, Large, Prefecture, Crowded, Prefecture4} }

// Stress reports whether a size is a stress shape, too large for the tests
// that generate every size.
func (s Size) Stress() bool { return s == Crowded || s == Prefecture4 }

// ParseSize accepts the name of a size.
func ParseSize(v string) (Size, error) {
	s := Size(strings.ToLower(strings.TrimSpace(v)))
	if _, ok := specs[s]; !ok {
		return "", fmt.Errorf("unknown size %q, want one of %s", v, sizeList())
	}
	return s, nil
}

func sizeList() string {
	names := make([]string, 0, len(specs))
	for _, s := range Sizes() {
		names = append(names, string(s))
	}
	return strings.Join(names, ", ")
}

// spec is the layout of every county of a size.
type spec struct {
	counties int // counties side by side, each with its own seat

	urbanPrimary  int // 城区小学
	urbanJunior   int // 城区初中
	urbanNineYear int // 城区九年一贯制学校
	// towns (建制镇) get a central primary and a junior school, every third
	// one a nine-year school instead.
	towns int
	// townships (乡) get one central nine-year school, rural (乡中心区).
	townships int
	villages  int // village primaries (村小)
	points    int // teaching points (教学点)

	// scale multiplies the student numbers of town, township and village
	// schools; county seat schools are already near the 2,000 limit.
	scale float64
	// crowd multiplies the teachers of every school and stage, students
	// unchanged; zero means one.
	crowd int
}

var specs = map[Size]spec{
	Small:      {counties: 1, urbanPrimary: 4, urbanJunior: 2, urbanNineYear: 1, towns: 3, townships: 2, villages: 11, points: 5, scale: 1.1},
	County:     {counties: 1, urbanPrimary: 8, urbanJunior: 3, urbanNineYear: 1, towns: 6, townships: 4, villages: 21, points: 13, scale: 1.1},
	Large:      {counties: 1, urbanPrimary: 22, urbanJunior: 10, urbanNineYear: 3, towns: 18, townships: 12, villages: 92, points: 80, scale: 1.05},
	Prefecture: {counties: 14, urbanPrimary: 24, urbanJunior: 12, urbanNineYear: 3, towns: 16, townships: 8, villages: 52, points: 27, scale: 1.2},

	Crowded:     {counties: 1, urbanPrimary: 8, urbanJunior: 3, urbanNineYear: 1, towns: 6, townships: 4, villages: 21, points: 13, scale: 1.1, crowd: 100},
	Prefecture4: {counties: 56, urbanPrimary: 24, urbanJunior: 12, urbanNineYear: 3, towns: 16, townships: 8, villages: 52, points: 27, scale: 1.2},
}
