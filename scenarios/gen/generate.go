package gen

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/rotaplan/rotaplan/model"
)

// PlanDate is the plan date of every generated county. Write puts it in
// policy.toml, so years at school and years to retirement never depend on
// the day the data is read.
var PlanDate = model.MonthOf(2026, 9)

// The seat of a one-county size, near Changsha (长沙); a prefecture's
// counties are laid out in a grid around it.
const (
	seatLon = 112.9
	seatLat = 28.2
	// countyRadiusKm bounds the straight-line distance of a school from its
	// county seat, giving a county about 60 km across.
	countyRadiusKm = 30.0
	// countySpacing is the distance between neighbouring seats of a
	// prefecture, in degrees of longitude and latitude (about 62 km each).
	countySpacingLon = 0.64
	countySpacingLat = 0.56
)

// pcgStream is the second word of the PCG state; the seed is the first.
const pcgStream = 0x726f7461706c616e // "rotaplan"

// kind is where a school stands in the county's settlement hierarchy; it
// drives size, staffing, teacher profile and facilities.
type kind uint8

const (
	urban    kind = iota // county seat, 城区 111
	town                 // town centre, 镇区 121/122
	township             // township centre, 乡中心区 210
	village              // village school or teaching point, 村庄 220
	numKinds
)

// generator holds the single random source and the instance being built.
type generator struct {
	r        *rand.Rand
	in       *model.Instance
	counties *namer          // county names, unique over a prefecture
	ids      map[string]bool // identity numbers issued, unique like real ones
	laid     []laidCounty    // the counties laid out, for structures
}

// laidCounty is where a county's schools are and where its seat is.
type laidCounty struct {
	name        string
	first, end  int // its schools: In.Schools[first:end]
	lon, lat    float64
	urbanSchool int // its urban primary schools are the first ones: In.Schools[first:first+urbanSchool]
}

// county is the state of one county while it is generated.
type county struct {
	no       int    // 1-based; part of every school and teacher ID
	name     string // e.g. 青山县
	lon, lat float64
	names    *namer
	schools  int // school IDs issued
	teachers int // teacher IDs issued
	crowd    int // teachers generated for each one of the usual staffing
}

// centre is a town or township seat around which village schools lie.
type centre struct {
	name string  // e.g. 青山镇
	x, y float64 // km east and north of the county seat
}

// Generate builds a county of the given size. The same size and seed always
// give the same instance; Index has been called on it.
func Generate(size Size, seed int64) (*model.Instance, error) {
	sp, ok := specs[size]
	if !ok {
		return nil, fmt.Errorf("generate: unknown size %q, want one of %s", size, sizeList())
	}
	g := &generator{
		r:   rand.New(rand.NewPCG(uint64(seed), pcgStream)),
		in:  &model.Instance{Policy: model.DefaultPolicy(PlanDate)},
		ids: make(map[string]bool),
	}
	// Generated counties keep the fixed ages of the published figures.
	g.in.Policy.FixedRetirementAge = true
	g.counties = newNamer(g.r)
	for i := range sp.counties {
		lon, lat := countySeat(i, sp.counties)
		g.county(i+1, lon, lat, sp)
	}
	g.history()
	g.structures(sp.counties > 1)
	return g.in, nil
}

// countySeat places county i of n in a grid centred on the base seat.
func countySeat(i, n int) (lon, lat float64) {
	if n == 1 {
		return seatLon, seatLat
	}
	cols := int(math.Ceil(math.Sqrt(float64(n))))
	rows := (n + cols - 1) / cols
	col, row := i%cols, i/cols
	lon = seatLon + (float64(col)-float64(cols-1)/2)*countySpacingLon
	lat = seatLat + (float64(rows-1)/2-float64(row))*countySpacingLat
	return lon, lat
}

func (g *generator) county(no int, lon, lat float64, sp spec) {
	c := &county{no: no, lon: lon, lat: lat, names: newNamer(g.r), crowd: max(1, sp.crowd)}
	place := g.counties.place()
	c.names.used[place] = true // no town shares the county's name
	c.name = place + "县"
	if sp.counties == 1 {
		doc := &g.in.Policy.Documents
		doc.CountyName, doc.IssuingUnit = c.name, c.name+"教育局"
		doc.ObjectionContact = c.name + "教育局人事股"
	}
	firstSchool, firstTeacher := len(g.in.Schools), len(g.in.Teachers)

	// County seat: the large, strong schools.
	seat := func() (x, y float64) { return g.around(0, 0, 3.5*math.Sqrt(g.r.Float64())) }
	for i := range sp.urbanPrimary {
		x, y := seat()
		g.school(c, draft{model.PrimarySchool, urban, "111", c.name + listName(urbanPrimaryNames, i, "城关第%s小学"), x, y,
			[2]int{g.between(1350, 2000), 0}, i == 0})
	}
	for i := range sp.urbanJunior {
		x, y := seat()
		g.school(c, draft{model.JuniorSchool, urban, "111", c.name + listName(urbanJuniorNames, i, "第%s中学"), x, y,
			[2]int{0, g.between(1100, 1950)}, i == 0})
	}
	for i := range sp.urbanNineYear {
		x, y := seat()
		g.school(c, draft{model.NineYear, urban, "111", c.name + listName(urbanNineYearNames, i, "城区第%s学校"), x, y,
			[2]int{g.between(900, 1400), g.between(600, 1050)}, false})
	}

	// Towns and townships, spread around the seat.
	scaled := func(lo, hi int) int { return int(math.Round(float64(g.between(lo, hi)) * sp.scale)) }
	var centres []centre
	base := g.r.Float64() * 2 * math.Pi
	for i := range sp.towns {
		a := base + 2*math.Pi*(float64(i)+g.uniform(-0.3, 0.3))/float64(sp.towns)
		x, y := polar(0, 0, a, g.uniform(8, 17))
		name := c.names.place() + "镇"
		centres = append(centres, centre{name, x, y})
		near := func() (float64, float64) { return g.around(x, y, g.uniform(0.2, 1.2)) }
		if i%3 == 2 {
			sx, sy := near()
			g.school(c, draft{model.NineYear, town, "121", name + "学校", sx, sy, [2]int{scaled(450, 900), scaled(350, 750)}, false})
			continue
		}
		sx, sy := near()
		g.school(c, draft{model.PrimarySchool, town, "121", name + "中心小学", sx, sy, [2]int{scaled(600, 1300), 0}, false})
		code := "121"
		if g.chance(0.4) {
			code = "122"
		}
		sx, sy = near()
		g.school(c, draft{model.JuniorSchool, town, code, name + "中学", sx, sy, [2]int{0, scaled(500, 1200)}, false})
	}
	base += math.Pi / float64(max(1, sp.towns))
	for i := range sp.townships {
		a := base + 2*math.Pi*(float64(i)+g.uniform(-0.3, 0.3))/float64(sp.townships)
		x, y := polar(0, 0, a, g.uniform(15, 27))
		name := c.names.place() + "乡"
		centres = append(centres, centre{name, x, y})
		sx, sy := g.around(x, y, g.uniform(0.1, 0.8))
		g.school(c, draft{model.NineYear, township, "210", name + "中心学校", sx, sy, [2]int{scaled(250, 650), scaled(180, 500)}, false})
	}

	// Village primaries and teaching points, further out.
	for range sp.villages {
		ct := centres[g.r.IntN(len(centres))]
		x, y := g.around(ct.x, ct.y, g.uniform(2.5, 8))
		students := int(math.Round((40 + 320*math.Pow(g.r.Float64(), 1.6)) * sp.scale))
		g.school(c, draft{model.PrimarySchool, village, "220", ct.name + c.names.place() + "村小学", x, y, [2]int{students, 0}, false})
	}
	for range sp.points {
		ct := centres[g.r.IntN(len(centres))]
		x, y := g.around(ct.x, ct.y, g.uniform(4, 10))
		g.school(c, draft{model.TeachingPoint, village, "220", ct.name + c.names.place() + "村教学点", x, y, [2]int{g.between(10, 80), 0}, false})
	}

	g.rotations(firstSchool, firstTeacher)
	g.laid = append(g.laid, laidCounty{name: c.name, first: firstSchool, end: len(g.in.Schools), lon: lon, lat: lat, urbanSchool: sp.urbanPrimary})
}

// draft is what the county layout decides about a school; school derives the rest.
type draft struct {
	typ      model.SchoolType
	kind     kind
	locale   string // national urban-rural code
	name     string
	x, y     float64 // km east and north of the county seat
	students [model.NumStages]int
	strong   bool // never flagged weak (the flagship school of the seat)
}

// localeOf is the coarse urban/rural class of each kind.
var localeOf = [numKinds]model.Locale{model.Urban, model.Town, model.Rural, model.Rural}

// weakShare is the chance a school of each kind is flagged weak (薄弱学校).
var weakShare = [numKinds]float64{0.08, 0.2, 0.12, 0.08}

// school adds a school with its classes, facilities and teachers.
func (g *generator) school(c *county, d draft) {
	c.schools++
	// Keep every school inside the county.
	if r := math.Hypot(d.x, d.y); r > countyRadiusKm {
		f := (countyRadiusKm - g.uniform(0, 2)) / r
		d.x, d.y = d.x*f, d.y*f
	}
	lon, lat := offset(c.lon, c.lat, d.x, d.y)
	s := model.School{
		ID:         fmt.Sprintf("43%02d%04d", c.no, c.schools),
		Name:       d.name,
		Type:       d.typ,
		Locale:     localeOf[d.kind],
		LocaleCode: d.locale,
		Weak:       !d.strong && d.typ != model.TeachingPoint && g.chance(weakShare[d.kind]),
		Students:   d.students,
		Lon:        round(lon, 6),
		Lat:        round(lat, 6),
		HasCoords:  true,
	}
	for _, st := range model.Stages {
		s.Classes[st] = g.classes(&s, d.kind, st)
	}
	g.facilities(&s, d.kind)
	g.in.Schools = append(g.in.Schools, s)
	g.staff(c, len(g.in.Schools)-1, d.kind)
}

// Class sizes by stage and kind (lo, hi), and the legal maximum per stage.
var (
	classSize = [model.NumStages][numKinds][2]float64{
		{{40, 45}, {36, 44}, {30, 42}, {18, 35}},
		{{45, 50}, {42, 50}, {38, 48}, {30, 45}},
	}
	maxClass  = [model.NumStages]int{45, 50}
	minGrades = [model.NumStages]int{6, 3}
)

func (g *generator) classes(s *model.School, k kind, st model.Stage) int {
	n := s.Students[st]
	if n == 0 {
		return 0
	}
	least := ceilDiv(n, maxClass[st])
	if s.Type == model.TeachingPoint {
		// Grades 1-3 or 1-4, often taught together (复式班).
		return max(least, min(4, ceilDiv(n, 15)))
	}
	sz := classSize[st][k]
	c := int(math.Ceil(float64(n) / g.uniform(sz[0], sz[1])))
	// One class per grade at least, unless the grade would be tiny.
	c = max(c, min(minGrades[st], ceilDiv(n, 8)))
	return max(c, least)
}

// Facility standards per student and stage (the §2 thresholds) and the
// factor of each kind: the county seat is richer in buildings and equipment,
// villages poorer, but small schools have a yard and a building whatever
// their size.
var (
	buildingStd  = [model.NumStages]float64{4.5, 5.8}
	sportsStd    = [model.NumStages]float64{7.5, 10.2}
	equipmentStd = [model.NumStages]float64{2000, 2500}

	buildingF  = [numKinds]float64{1.15, 1.05, 0.95, 0.8}
	sportsF    = [numKinds]float64{0.95, 1.05, 0.9, 0.85}
	equipmentF = [numKinds]float64{1.4, 1.05, 0.72, 0.55}
	buildingB  = [numKinds]float64{0, 0, 150, 120}
	sportsB    = [numKinds]float64{0, 0, 300, 200}
)

func (g *generator) facilities(s *model.School, k kind) {
	var b, sp, eq float64
	for _, st := range model.Stages {
		n := float64(s.Students[st])
		b += n * buildingStd[st] * buildingF[k] * g.uniform(0.8, 1.25)
		sp += n * sportsStd[st] * sportsF[k] * g.uniform(0.8, 1.25)
		eq += n * equipmentStd[st] * equipmentF[k] * g.uniform(0.8, 1.25)
	}
	b += buildingB[k]
	sp += sportsB[k]
	classes := float64(s.Classes[model.Primary] + s.Classes[model.Junior])
	var mm int
	switch {
	case s.Type == model.TeachingPoint:
		b = g.uniform(120, 300)
		sp = g.uniform(100, 500)
		mm = g.r.IntN(2)
	case k == urban:
		mm = int(classes) + g.between(2, 6)
	case k == town:
		mm = int(math.Round(classes*g.uniform(0.9, 1.1))) + g.r.IntN(3)
	case k == township:
		mm = int(math.Round(classes * g.uniform(0.6, 0.95)))
	default:
		mm = int(math.Round(classes * g.uniform(0.3, 0.8)))
	}
	if s.Weak {
		b *= 0.85
		eq *= 0.8
		mm = int(math.Round(float64(mm) * 0.8))
	}
	s.BuildingArea = math.Round(b)
	s.SportsArea = math.Round(sp)
	s.EquipmentValue = math.Round(eq/100) * 100
	s.MultimediaRooms = mm
}

// Students per teacher by stage and kind (lo, hi). Village schools are
// staffed by class rather than by students (perClass).
var (
	ratio = [model.NumStages][numKinds][2]float64{
		{{17.5, 19.5}, {15.5, 17.5}, {15, 18}, {11.5, 15}},
		{{13.5, 14.8}, {12, 13.5}, {10.5, 12.5}, {9.5, 11.5}},
	}
	perClass = [model.NumStages]float64{1.25, 2.3}
)

// staff adds the teachers of school si, its principal and its staff quota.
func (g *generator) staff(c *county, si int, k kind) {
	s := &g.in.Schools[si]
	first := len(g.in.Teachers)
	for _, st := range model.Stages {
		if s.Students[st] == 0 {
			continue
		}
		for _, subj := range g.subjects(s, k, st, g.teacherCount(s, k, st)*c.crowd) {
			g.in.Teachers = append(g.in.Teachers, g.teacher(c, si, k, st, subj))
		}
	}
	n := len(g.in.Teachers) - first
	if s.Type != model.TeachingPoint {
		g.principal(g.in.Teachers[first:])
	}
	// 核定编制数: the city standard 1:19 / 1:13.5, never below the staff in post.
	std := int(math.Ceil(float64(s.Students[model.Primary])/19 + float64(s.Students[model.Junior])/13.5))
	s.StaffQuota = max(std, n) + g.r.IntN(3)
}

func (g *generator) teacherCount(s *model.School, k kind, st model.Stage) int {
	n := float64(s.Students[st])
	if s.Type == model.TeachingPoint {
		t := min(4, max(1, int(math.Round(n/16))))
		if s.Classes[st] >= 3 {
			t = max(t, 2)
		}
		return t
	}
	rr := ratio[st][k]
	t := int(math.Round(n / g.uniform(rr[0], rr[1])))
	if k >= township {
		t = max(t, int(math.Ceil(perClass[st]*float64(s.Classes[st]))))
	}
	return max(t, 1)
}

// curriculum is the weekly periods per class of each subject, averaged over
// the grades of a stage (《义务教育课程方案（2022年版）》). It sets the subject
// mix of a school's teachers; it is kept here rather than read from the
// policy so that tuning the policy defaults does not change generated data.
var curriculum = [model.NumStages][model.NumSubjects]float64{
	model.Primary: {
		model.Morality: 2, model.Chinese: 6.8, model.Math: 4.3, model.English: 1.7, model.Science: 1.7,
		model.IT: 0.7, model.PE: 3.3, model.Music: 2, model.Art: 2, model.Labor: 2, model.Psychology: 0.3,
	},
	model.Junior: {
		model.Morality: 2, model.Chinese: 5, model.Math: 5, model.English: 4, model.History: 2,
		model.Geography: 1.3, model.Physics: 1.7, model.Chemistry: 1, model.Biology: 1.3, model.IT: 1,
		model.PE: 3, model.Music: 1, model.Art: 1, model.Labor: 2, model.Psychology: 0.3,
	},
}

// shortage is how well a school of kind k is staffed in a subject relative
// to the curriculum; the periods it lacks are taught by Chinese and maths
// teachers, as in real village schools.
func shortage(s model.Subject, k kind) float64 {
	var f [numKinds]float64
	switch s {
	case model.PE:
		f = [numKinds]float64{1.1, 0.75, 0.4, 0.25}
	case model.Music, model.Art:
		f = [numKinds]float64{1.1, 0.65, 0.3, 0.15}
	case model.English:
		f = [numKinds]float64{1, 0.9, 0.65, 0.45}
	case model.IT:
		f = [numKinds]float64{1, 0.6, 0.3, 0.1}
	case model.Science:
		f = [numKinds]float64{1, 0.75, 0.45, 0.3}
	case model.Psychology:
		f = [numKinds]float64{1, 0.5, 0.15, 0.05}
	case model.Labor:
		f = [numKinds]float64{0.6, 0.4, 0.25, 0.2}
	case model.Physics, model.Chemistry, model.Biology, model.History, model.Geography:
		f = [numKinds]float64{1, 0.95, 0.8, 0.7}
	case model.Morality:
		f = [numKinds]float64{1, 0.9, 0.8, 0.7}
	default:
		return 1
	}
	return f[k]
}

// subjects splits n teachers over the subjects by largest remainder.
func (g *generator) subjects(s *model.School, k kind, st model.Stage, n int) []model.Subject {
	if s.Type == model.TeachingPoint {
		// Chinese and maths in turn.
		out := make([]model.Subject, n)
		for i := range out {
			out[i] = []model.Subject{model.Chinese, model.Math}[i%2]
		}
		return out
	}
	var w [model.NumSubjects]float64
	var total float64
	for i, p := range curriculum[st] {
		if p == 0 {
			continue
		}
		m := shortage(model.Subject(i), k)
		if s.Weak && m < 1 {
			m *= 0.8
		}
		w[i] = p * m * g.uniform(0.75, 1.25)
		total += w[i]
	}
	var count [model.NumSubjects]int
	var rem [model.NumSubjects]float64
	given := 0
	for i := range w {
		q := float64(n) * w[i] / total
		count[i] = int(q)
		rem[i] = q - float64(count[i])
		given += count[i]
	}
	order := make([]int, model.NumSubjects)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rem[b], rem[a]) })
	for j := 0; given < n; j++ {
		count[order[j%len(order)]]++
		given++
	}
	out := make([]model.Subject, 0, n)
	for i, c := range count {
		for range c {
			out = append(out, model.Subject(i))
		}
	}
	return out
}

// Teacher profile by kind: share of women by stage, age bands (22-29,
// 30-39, 40-49, 50-59), mean years at the school, backbone share.
var (
	femaleShare = [model.NumStages][numKinds]float64{{0.80, 0.70, 0.58, 0.52}, {0.62, 0.55, 0.48, 0.45}}
	ageBands    = [numKinds][4]float64{{0.16, 0.32, 0.31, 0.21}, {0.20, 0.27, 0.28, 0.25}, {0.27, 0.18, 0.25, 0.30}, {0.30, 0.14, 0.24, 0.32}}
	tenureMean  = [numKinds]float64{10, 10, 11, 12}
	backboneP   = [numKinds]float64{0.30, 0.16, 0.06, 0.03}
	// education by stage and kind over HighSchool, Secondary, College, Bachelor, Master.
	educationP = [model.NumStages][numKinds][5]float64{
		{{0, 0.01, 0.12, 0.77, 0.10}, {0, 0.05, 0.30, 0.63, 0.02}, {0.05, 0.28, 0.38, 0.29, 0}, {0.08, 0.34, 0.36, 0.22, 0}},
		{{0, 0, 0.03, 0.83, 0.14}, {0, 0.01, 0.15, 0.80, 0.04}, {0, 0.04, 0.40, 0.56, 0}, {0, 0.06, 0.42, 0.52, 0}},
	}
	// titles by age band (<25, 25-31, 32-41, 42-51, 52+) over NoTitle..Professor.
	titleP = [5][6]float64{
		{0.55, 0.05, 0.40, 0, 0, 0},
		{0.08, 0.02, 0.65, 0.25, 0, 0},
		{0, 0, 0.22, 0.63, 0.15, 0},
		{0, 0, 0.06, 0.56, 0.38, 0},
		{0, 0, 0.04, 0.46, 0.49, 0.01},
	}
	backboneLevelP = [4]float64{0.62, 0.28, 0.09, 0.01} // county, city, province, national
)

// startAge is the usual age of starting to teach with a degree.
func startAge(e model.Education) int {
	switch e {
	case model.HighSchool, model.Secondary:
		return 19
	case model.College:
		return 21
	case model.Bachelor:
		return 22
	case model.Master:
		return 25
	}
	return 28
}

func (g *generator) teacher(c *county, si int, k kind, st model.Stage, subj model.Subject) model.Teacher {
	s := &g.in.Schools[si]
	pf := femaleShare[st][k]
	switch subj {
	case model.PE:
		pf *= 0.45
	case model.Music, model.Art:
		pf = min(0.95, pf*1.2)
	}
	female := g.chance(pf)
	gender := model.Male
	if female {
		gender = model.Female
	}

	// Age at the plan date: women retire at 55, men at 60.
	band := g.pick(ageBands[k][:])
	lo, hi := 22+10*band, 29+10*band
	if female {
		hi = min(hi, 54)
	}
	age := g.between(lo, hi)
	birth := PlanDate - model.Month(12*age+g.r.IntN(12))

	edu := g.education(k, st, age, s.Weak)
	start := startAge(edu)

	// Years at this school: up to a whole career, at least one year.
	career := float64(age - start)
	tenure := min(career, g.r.ExpFloat64()*tenureMean[k])
	joined := PlanDate - model.Month(max(12, int(tenure*12)))
	if g.chance(0.75) { // most arrive at the start of a school year
		joined = model.MonthOf(joined.Year(), 9)
		if joined > PlanDate-12 {
			joined -= 12
		}
	}
	if earliest := birth + model.Month(12*start); joined < earliest {
		joined = min(earliest, PlanDate-12)
	}

	title := model.Title(g.pick(titleP[titleBand(age)][:]))
	if k >= township && title == model.Senior && g.chance(0.4) {
		title = model.First
	}
	bb := g.backbone(k, age, s.Weak)
	if bb.IsBackbone() {
		title = max(title, model.First)
	}

	c.teachers++
	t := model.Teacher{
		ID:              fmt.Sprintf("43%02d%06d", c.no, c.teachers),
		Name:            c.names.person(female),
		IDNumber:        g.idNumber(c.no, birth, female),
		Gender:          gender,
		Birth:           birth,
		School:          si,
		Serving:         si,
		Stage:           st,
		Subject:         subj,
		Education:       edu,
		Title:           title,
		Backbone:        bb,
		Joined:          joined,
		GraduatingClass: g.chance(graduatingP(st, subj)),
	}
	if age >= 25 && age <= 40 {
		t.Volunteer = g.chance(0.2)
	} else {
		t.Volunteer = g.chance(0.09)
	}
	switch {
	case female && age <= 38 && g.chance(0.025):
		t.Exempt = "孕期"
	case female && age <= 38 && g.chance(0.015):
		t.Exempt = "哺乳期"
	case g.chance(0.008):
		t.Exempt = "病休"
	}
	return t
}

func titleBand(age int) int {
	switch {
	case age < 25:
		return 0
	case age < 32:
		return 1
	case age < 42:
		return 2
	case age < 52:
		return 3
	}
	return 4
}

// education draws a degree: older teachers hold lower ones (中师 graduates
// of the 1980s and 1990s), young ones mostly a college degree or better.
func (g *generator) education(k kind, st model.Stage, age int, weak bool) model.Education {
	e := model.Education(g.pick(educationP[st][k][:]))
	if weak && e > model.Secondary && g.chance(0.25) {
		e--
	}
	switch {
	case age >= 50 && e > model.HighSchool && g.chance(0.35):
		e--
	case age < 30 && e < model.College && g.chance(0.7):
		e = model.College + model.Education(g.r.IntN(2))
	}
	if e >= model.Master && age < 26 {
		e = model.Bachelor
	}
	return e
}

func (g *generator) backbone(k kind, age int, weak bool) model.Backbone {
	p := backboneP[k]
	switch {
	case age < 28:
		return model.NotBackbone
	case age >= 35 && age <= 50:
		p *= 1.3
	}
	if weak {
		p *= 0.45
	}
	if !g.chance(p) {
		return model.NotBackbone
	}
	b := model.CountyBackbone + model.Backbone(g.pick(backboneLevelP[:]))
	if b == model.NationalBackbone && k != urban {
		b = model.ProvinceBackbone
	}
	return b
}

// graduatingP is the chance a teacher has a graduating class (grade 6 or 9):
// mostly the teachers of the examined subjects.
func graduatingP(st model.Stage, s model.Subject) float64 {
	if st == model.Primary {
		switch s {
		case model.Chinese, model.Math, model.English:
			return 0.11
		}
		return 0.025
	}
	switch s {
	case model.Chinese, model.Math, model.English, model.Physics, model.Chemistry, model.Morality, model.History:
		return 0.16
	}
	return 0.03
}

// principal makes one teacher of a school, preferably aged 40-56, its principal.
func (g *generator) principal(ts []model.Teacher) {
	if len(ts) == 0 {
		return
	}
	var cands []int
	oldest := 0
	for i := range ts {
		age := ts[i].Birth.YearsUntil(PlanDate)
		if age >= 40 && age < 56 {
			cands = append(cands, i)
		}
		if ts[i].Birth < ts[oldest].Birth {
			oldest = i
		}
	}
	i := oldest
	if len(cands) > 0 {
		i = cands[g.r.IntN(len(cands))]
	}
	t := &ts[i]
	t.Principal = true
	t.Title = max(t.Title, model.First)
	if t.Title == model.First && g.chance(0.6) {
		t.Title = model.Senior
	}
	t.Education = max(t.Education, model.College)
	t.GraduatingClass = false
	t.Exempt = ""
}

// rotations sends about 1% of the seasoned teachers of source schools to
// teach at a receiving school nearby already: last year's rotation.
func (g *generator) rotations(firstSchool, firstTeacher int) {
	in := g.in
	var receivers [model.NumStages][]int
	for i := firstSchool; i < len(in.Schools); i++ {
		s := &in.Schools[i]
		if !s.IsReceiver() || s.Type == model.TeachingPoint {
			continue
		}
		for _, st := range model.Stages {
			if s.Teaches(st) {
				receivers[st] = append(receivers[st], i)
			}
		}
	}
	var cands []int
	for ti := firstTeacher; ti < len(in.Teachers); ti++ {
		t := &in.Teachers[ti]
		home := &in.Schools[t.School]
		if !home.IsSource() || t.Principal || t.Exempt != "" || t.Joined.YearsUntil(PlanDate) < 4 || !g.chance(0.012) {
			continue
		}
		cands = cands[:0]
		for _, ri := range receivers[t.Stage] {
			r := &in.Schools[ri]
			if model.GreatCircleKm(home.Lat, home.Lon, r.Lat, r.Lon) <= 35 {
				cands = append(cands, ri)
			}
		}
		if len(cands) > 0 {
			t.Serving = cands[g.r.IntN(len(cands))]
		}
	}
}

// idNumber makes a fake resident identity number (居民身份证号码) that passes
// the ISO 7064 MOD 11-2 check: area code 4399NN (no real county), birth
// date, a sequence odd for men and even for women, and the check character.
// A number already issued is drawn again.
func (g *generator) idNumber(county int, birth model.Month, female bool) string {
	for {
		seq := 2 * g.r.IntN(500)
		if !female {
			seq++
		}
		body := fmt.Sprintf("4399%02d%04d%02d%02d%03d", county%100, birth.Year(), birth.MonthNum(), 1+g.r.IntN(28), seq)
		if id := body + idCheck(body); !g.ids[id] {
			g.ids[id] = true
			return id
		}
	}
}

// idCheck is the check character of the 17 leading digits of an identity number.
func idCheck(body string) string {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 17 {
		sum += int(body[i]-'0') * weights[i]
	}
	return string("10X98765432"[sum%11])
}

// Random helpers. All draws go through g.r.

func (g *generator) uniform(lo, hi float64) float64 { return lo + (hi-lo)*g.r.Float64() }

// between is a uniform integer in [lo, hi].
func (g *generator) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

// pick draws an index with the given weights.
func (g *generator) pick(w []float64) int {
	var total float64
	for _, x := range w {
		total += x
	}
	u := g.r.Float64() * total
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	return len(w) - 1
}

// polar returns the point at distance r km from (x, y) in direction a (radians).
func polar(x, y, a, r float64) (float64, float64) {
	return x + r*math.Cos(a), y + r*math.Sin(a)
}

// around returns a point at distance r km from (x, y) in a random direction.
func (g *generator) around(x, y, r float64) (float64, float64) {
	return polar(x, y, g.r.Float64()*2*math.Pi, r)
}

// offset moves a point by x km east and y km north.
func offset(lon, lat, x, y float64) (float64, float64) {
	const kmPerDegLat = 110.574
	kmPerDegLon := 111.320 * math.Cos(lat*math.Pi/180)
	return lon + x/kmPerDegLon, lat + y/kmPerDegLat
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
