package solver

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
)

// The -update flag rewrites golden files. It may be shared with other
// golden tests of the package, so it is defined here only when no package
// variable has defined it first (variables are initialised before init).
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files in testdata")
	}
}

func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// mipCounty is a random small county: a few sources and receivers within
// reach of each other, 20-40 teachers, and optionally one pin of every kind,
// including contradictory ones.
func mipCounty(t *testing.T, seed uint64, pins bool) *model.Instance {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	c := newCounty()
	c.in.Policy.Weights.GraduatingClass = 30.5 // a non-integer weight
	specs := []struct {
		typ  model.SchoolType
		loc  model.Locale
		weak bool
	}{
		{model.PrimarySchool, model.Urban, false},
		{model.NineYear, model.Town, false},
		{model.JuniorSchool, model.Urban, false},
		{model.PrimarySchool, model.Rural, false},
		{model.NineYear, model.Rural, false},
		{model.TeachingPoint, model.Rural, false},
		{model.JuniorSchool, model.Town, true},
	}
	nTeachers := 20 + rng.IntN(21)
	for i, sp := range specs {
		c.school(fmt.Sprintf("S%d", i), sp.typ, sp.loc, sp.weak, 30+rng.IntN(300), 30+rng.IntN(250),
			113+rng.Float64()*0.2, 28+rng.Float64()*0.2)
	}
	for range nTeachers {
		s := rng.IntN(len(specs))
		if rng.IntN(3) > 0 {
			s = rng.IntN(3) // most teachers at the sources
		}
		st := model.Primary
		sc := &c.in.Schools[s]
		if !sc.Teaches(st) || (sc.Teaches(model.Junior) && rng.IntN(2) == 0) {
			st = model.Junior
		}
		c.teacher(s, tspec{
			stage: st, subject: model.Subject(rng.IntN(model.NumSubjects)), edu: model.Education(rng.IntN(6)),
			backbone: model.Backbone(rng.IntN(3)), years: 4 + rng.IntN(12), age: 28 + rng.IntN(25),
			volunteer: rng.IntN(3) == 0, grad: rng.IntN(4) == 0,
		})
	}
	in := c.build()
	if !pins {
		return in
	}
	ev := NewEvaluator(in)
	var movers []int
	for ti := range in.Teachers {
		if len(ev.Cands[ti]) >= 2 {
			movers = append(movers, ti)
		}
	}
	require.GreaterOrEqual(t, len(movers), 6, "seed %d", seed)
	cand := func(ti, k int) int { return int(ev.Cands[ti][k].School) }
	in.Pins = []model.Pin{
		{Teacher: movers[0], Action: model.PinMove, School: cand(movers[0], 1)},
		{Teacher: movers[1], Action: model.PinMove, School: in.Teachers[movers[1]].School}, // invalid: own school
		{Teacher: movers[2], Action: model.PinStay, School: model.NoSchool},
		{Teacher: movers[3], Action: model.PinForbid, School: cand(movers[3], 0)},
		{Teacher: movers[4], Action: model.PinMove, School: cand(movers[4], 0)}, // contradictory
		{Teacher: movers[4], Action: model.PinStay, School: model.NoSchool},
		{Teacher: movers[5], Action: model.PinMove, School: cand(movers[5], 0)}, // moves to a forbidden school
		{Teacher: movers[5], Action: model.PinForbid, School: cand(movers[5], 0)},
	}
	return in
}

// colValues returns the values of the columns of m at plan p: x from the
// plan and every auxiliary column at its least value the rows allow, which
// is optimal because each has a non-negative cost and is only bounded
// below (z, which costs nothing, only raises bs). It fails when the plan
// is not expressible or a row cannot be met.
func colValues(m *MIP, p Plan) ([]float64, error) {
	ev := m.ev
	val := make([]float64, m.ncols)
	known := make([]bool, m.ncols)
	for j := range m.ncols {
		if j < m.nx {
			known[j] = true
			continue
		}
		if lo, hi, _ := m.bounds(j); lo == hi {
			val[j], known[j] = lo, true
		}
	}
	for t, d := range p.Dest {
		if d == Stay {
			continue
		}
		c := -1
		for k, cd := range ev.Cands[t] {
			if cd.School == d {
				c = k
			}
		}
		if c < 0 {
			return nil, fmt.Errorf("teacher %d to school %d is not a candidate", t, d)
		}
		val[int(m.xOff[t])+c] = 1
	}
	// The binary columns of keep_compliance come in pairs per row: set
	// from the plan, as the rows' optimum.
	m.defensibleAt(p, func(j int, v float64) { val[j], known[j] = v, true })
	// Each row bounds its auxiliary column of highest index from below; its
	// other auxiliary columns were bounded by earlier rows (the complaint
	// chains), and a column bounded by several rows takes the largest.
	set := make([]bool, m.ncols)
	err := m.eachRow(func(r *mipRow) error {
		var s float64
		aux, a := -1, 0.0
		for i, j := range r.cols {
			if !known[j] && int(j) > aux {
				aux, a = int(j), r.coefs[i]
			}
		}
		for i, j := range r.cols {
			switch {
			case int(j) == aux:
			case known[j] || set[j]:
				s += r.coefs[i] * val[j]
			default:
				return fmt.Errorf("row %s has two unknown columns", m.appendRowName(nil, r.id))
			}
		}
		if aux < 0 {
			return nil
		}
		var v float64
		switch {
		case r.sense == 'G' && a > 0, r.sense == 'L' && a < 0:
			v = (r.rhs - s) / a
		default:
			return fmt.Errorf("row %s bounds %s from above", m.appendRowName(nil, r.id), m.appendColName(nil, aux))
		}
		lo, _, integer := m.bounds(aux)
		if integer {
			v = math.Ceil(v - 1e-9)
		}
		if set[aux] {
			lo = val[aux]
		}
		val[aux], set[aux] = max(lo, v), true
		return nil
	})
	if err != nil {
		return nil, err
	}
	for j := range m.ncols {
		if !known[j] && !set[j] {
			val[j], _, _ = m.bounds(j) // in no row: at its lower bound
		}
	}
	return val, m.check(val)
}

// check verifies that values meet every row and bound of m.
func (m *MIP) check(val []float64) error {
	for j, v := range val {
		if lo, hi, _ := m.bounds(j); v < lo-1e-9 || v > hi+1e-9 {
			return fmt.Errorf("column %s = %v outside [%v, %v]", m.appendColName(nil, j), v, lo, hi)
		}
	}
	return m.eachRow(func(r *mipRow) error {
		var s float64
		for i, j := range r.cols {
			s += r.coefs[i] * val[j]
		}
		if (r.sense == 'L' && s > r.rhs+1e-9) || (r.sense == 'G' && s < r.rhs-1e-9) || (r.sense == 'E' && math.Abs(s-r.rhs) > 1e-9) {
			return fmt.Errorf("row %s: activity %v %c %v", m.appendRowName(nil, r.id), s, r.sense, r.rhs)
		}
		return nil
	})
}

// objectiveAt is the MIP objective at plan p with optimal auxiliary columns.
func objectiveAt(m *MIP, p Plan) (float64, error) {
	val, err := colValues(m, p)
	if err != nil {
		return 0, err
	}
	var obj float64
	for j, v := range val {
		obj += m.objective(j) * v
	}
	return obj, nil
}

// randomPlan moves each movable teacher with probability pMove to a random
// candidate.
func randomPlan(ev *Evaluator, rng *rand.Rand, pMove float64) Plan {
	p := NewPlan(len(ev.In.Teachers))
	for t, cs := range ev.Cands {
		if len(cs) > 0 && rng.Float64() < pMove {
			p.Dest[t] = cs[rng.IntN(len(cs))].School
		}
	}
	return p
}

func TestMIPObjectiveMatchesScore(t *testing.T) {
	tests := []struct {
		name   string
		seed   uint64
		pins   bool
		wishes bool
		edit   func(*model.Policy)
	}{
		{name: "default policy", seed: 1},
		{name: "with pins", seed: 2, pins: true},
		{name: "with pins, other county", seed: 3, pins: true},
		{name: "backbone share 0.3, rate 0.5", seed: 4, edit: func(p *model.Policy) { p.BackboneShare, p.RotationRate = 0.3, 0.5 }},
		{name: "backbone share 1/3", seed: 5, pins: true, edit: func(p *model.Policy) { p.BackboneShare = 1.0 / 3 }},
		{name: "irrational backbone share", seed: 6, edit: func(p *model.Policy) { p.BackboneShare = math.Pi / 10 }},
		{name: "no backbone share, no quota", seed: 7, edit: func(p *model.Policy) { p.BackboneShare, p.RotationRate = 0, 0 }},
		{name: "tight caps", seed: 8, pins: true, edit: func(p *model.Policy) { p.MaxOutflowShare, p.MaxInflowShare, p.MinInflowCap = 0.05, 0.05, 1 }},
		{name: "other weights", seed: 9, edit: func(p *model.Policy) {
			p.Weights = model.Weights{Hard: 1000, Medium: 7.5, Move: 0, PerKm: 0.37, NonVolunteer: 3, GraduatingClass: 0}
		}},
		{name: "wishes, report mode", seed: 10, wishes: true},
		{name: "wishes, enforce mode", seed: 11, wishes: true, edit: enforce},
		{name: "wishes and pins, enforce mode", seed: 12, wishes: true, pins: true, edit: enforce},
		{name: "enforce, other wish weights", seed: 13, wishes: true, edit: func(p *model.Policy) {
			enforce(p)
			p.Weights.WishRank, p.Weights.OutsideWishes = 2.5, 7
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := mipCounty(t, tt.seed, tt.pins)
			if tt.wishes {
				addWishes(in, rand.New(rand.NewPCG(tt.seed, 5)))
			}
			if tt.edit != nil {
				tt.edit(&in.Policy)
			}
			ev := NewEvaluator(in)
			m := ev.MIP()
			require.Positive(t, m.Moves())
			rng := rand.New(rand.NewPCG(tt.seed, 99))
			plans := []Plan{NewPlan(len(in.Teachers))}
			for i := range 400 {
				plans = append(plans, randomPlan(ev, rng, float64(i%10)/9))
			}
			inversions, envy := 0, 0
			for i, p := range plans {
				got, err := objectiveAt(m, p)
				require.NoError(t, err, "plan %d", i)
				want := ev.Score(p).Total
				require.InDelta(t, want, got, 1e-6, "plan %d (%d moves): got MIP objective %v, want score %v", i, p.Moves(), got, want)
				inv, env := ev.Complaints(p)
				inversions += len(inv)
				envy += len(env)
			}
			if in.Policy.Priority == model.PriorityEnforce {
				// The plans exercise both kinds of complaint rows (with
				// pins, too few teachers of one class are left to envy).
				assert.Positive(t, inversions, "inversions over the plans")
				if !tt.pins {
					assert.Positive(t, envy, "envy over the plans")
				}
			}
		})
	}
}

// tinyCounty has 6 movable teachers with 1-3 candidates each: small enough
// to enumerate every plan, with a pin, binding caps and a backbone row.
func tinyCounty() *model.Instance {
	c := newCounty()
	u := c.school("U", model.PrimarySchool, model.Urban, false, 240, 0, 113.00, 28.00)
	v := c.school("V", model.PrimarySchool, model.Town, false, 120, 0, 113.05, 28.02)
	r1 := c.school("R1", model.PrimarySchool, model.Rural, false, 180, 0, 113.10, 28.00)
	r2 := c.school("R2", model.TeachingPoint, model.Rural, false, 60, 0, 113.02, 28.10)
	c.school("W", model.PrimarySchool, model.Town, true, 150, 0, 113.60, 28.00) // beyond 50 km
	pe := tspec{stage: model.Primary, subject: model.PE, edu: model.Bachelor, years: 9, volunteer: true}
	c.teacher(u, pe)
	c.teacher(u, tspec{stage: model.Primary, subject: model.Math, edu: model.Bachelor, backbone: model.CountyBackbone, years: 7})
	c.teacher(u, tspec{stage: model.Primary, subject: model.Music, edu: model.College, years: 12, grad: true})
	c.teacher(u, tspec{stage: model.Primary, subject: model.English, edu: model.Master, years: 6, volunteer: true})
	c.many(u, 4, tspec{stage: model.Primary, subject: model.Chinese, edu: model.Bachelor, years: 3})
	c.teacher(v, tspec{stage: model.Primary, subject: model.Science, edu: model.Bachelor, backbone: model.CityBackbone, years: 8})
	c.teacher(v, tspec{stage: model.Primary, subject: model.Chinese, edu: model.Secondary, years: 20})
	c.many(v, 2, tspec{stage: model.Primary, subject: model.Math, edu: model.College, years: 2})
	c.many(r1, 3, tspec{stage: model.Primary, subject: model.Chinese, edu: model.Secondary, years: 4})
	c.teacher(r2, tspec{stage: model.Primary, subject: model.Math, edu: model.College, years: 4})
	in := c.build()
	in.Pins = []model.Pin{{Teacher: 3, Action: model.PinForbid, School: r2}}
	return in
}

// enumerate calls fn with every plan of the movable teachers.
func enumerate(ev *Evaluator, fn func(Plan)) {
	p := NewPlan(len(ev.In.Teachers))
	var rec func(t int)
	rec = func(t int) {
		if t == len(p.Dest) {
			fn(p)
			return
		}
		p.Dest[t] = Stay
		rec(t + 1)
		for _, cd := range ev.Cands[t] {
			p.Dest[t] = cd.School
			rec(t + 1)
		}
		p.Dest[t] = Stay
	}
	rec(0)
}

// bruteForce returns the least score over every plan.
func bruteForce(ev *Evaluator) (Plan, float64) {
	best, bestPlan := math.Inf(1), Plan{}
	enumerate(ev, func(p Plan) {
		if s := ev.Score(p).Total; s < best {
			best, bestPlan = s, p.Clone()
		}
	})
	return bestPlan, best
}

func TestMIPEveryPlanOfTinyCounty(t *testing.T) {
	ev := NewEvaluator(tinyCounty())
	m := ev.MIP()
	n := 0
	enumerate(ev, func(p Plan) {
		n++
		got, err := objectiveAt(m, p)
		require.NoError(t, err)
		want := ev.Score(p).Total
		require.InDelta(t, want, got, 1e-6, "plan %v: got MIP objective %v, want score %v", p.Dest, got, want)
	})
	assert.Greater(t, n, 100, "got %d plans, want a non-trivial enumeration", n)
}

func TestMIPBackboneRounding(t *testing.T) {
	// 13 movable teachers, 3 of them backbone; plans move bb backbone and
	// moved − bb other teachers.
	tests := []struct {
		share       float64
		moved, bb   int
		wantShort   int
		description string
	}{
		{0.2, 5, 1, 0, "⌈0.2·5⌉ = 1 exactly"},
		{0.2, 10, 2, 0, "⌈0.2·10⌉ = 2 exactly"},
		{0.2, 10, 1, 1, "one backbone short at 10"},
		{0.2, 6, 1, 1, "⌈0.2·6⌉ = 2"},
		{0.3, 10, 3, 0, "0.3·10 = 3.0000000000000004 is 3"},
		{0.1, 10, 1, 0, "⌈0.1·10⌉ = 1"},
		{0.15, 10, 1, 1, "⌈1.5⌉ = 2"},
		{0.25, 8, 2, 0, "⌈0.25·8⌉ = 2"},
	}
	for _, tt := range tests {
		t.Run(tt.description, func(t *testing.T) {
			c := newCounty()
			u := c.school("U", model.PrimarySchool, model.Urban, false, 2000, 0, 113, 28)
			r := c.school("R", model.PrimarySchool, model.Rural, false, 2000, 0, 113.1, 28)
			c.many(u, 3, tspec{stage: model.Primary, subject: model.Math, edu: model.Bachelor, backbone: model.CountyBackbone, years: 9})
			c.many(u, 10, tspec{stage: model.Primary, subject: model.Math, edu: model.Bachelor, years: 9})
			c.many(u, 40, tspec{stage: model.Primary, subject: model.Math, edu: model.Bachelor, years: 1})
			c.many(r, 40, tspec{stage: model.Primary, subject: model.Math, edu: model.Bachelor, years: 1})
			in := c.build()
			in.Policy.BackboneShare = tt.share
			ev := NewEvaluator(in)
			m := ev.MIP()
			p := NewPlan(len(in.Teachers))
			for i := range tt.bb {
				p.Dest[i] = int32(r)
			}
			for i := range tt.moved - tt.bb {
				p.Dest[3+i] = int32(r)
			}
			val, err := colValues(m, p)
			require.NoError(t, err)
			assert.InDelta(t, float64(tt.wantShort), val[m.bsCol], 1e-12, "got bs %v, want %d", val[m.bsCol], tt.wantShort)
			assert.Equal(t, tt.wantShort, ev.backboneShort(tt.moved, tt.bb))
			got, err := objectiveAt(m, p)
			require.NoError(t, err)
			assert.InDelta(t, ev.Score(p).Total, got, 1e-6)
		})
	}
}

func TestFraction(t *testing.T) {
	tests := []struct {
		share, p, q float64
	}{
		{0.2, 1, 5}, {0.3, 3, 10}, {0.25, 1, 4}, {1.0 / 3, 1, 3}, {0, 0, 1}, {1, 1, 1}, {0.123, 123, 1000}, {math.Pi / 10, math.Pi / 10, 1},
	}
	for _, tt := range tests {
		p, q := fraction(tt.share)
		assert.Equal(t, [2]float64{tt.p, tt.q}, [2]float64{p, q}, "share %v: got %v/%v, want %v/%v", tt.share, p, q, tt.p, tt.q)
	}
}

// TestMIPRowsMatchColumns checks that the row-wise generator (LP) and the
// column-wise one (MPS) describe the same matrix, and the Stats, in enforce
// mode with wishes too (the complaint rows).
func TestMIPRowsMatchColumns(t *testing.T) {
	for seed := uint64(1); seed <= 8; seed++ {
		in := mipCounty(t, seed, seed%2 == 0)
		if seed > 4 {
			addWishes(in, rand.New(rand.NewPCG(seed, 3)))
			in.Policy.Priority = model.PriorityEnforce
		}
		ev := NewEvaluator(in)
		m := ev.MIP()
		require.Equal(t, seed > 4, m.fair != nil && len(m.fair.rows) > 0, "seed %d: complaint rows", seed)
		type entry struct {
			row rowID
			col int32
		}
		byRow := map[entry]float64{}
		rows := 0
		require.NoError(t, m.eachRow(func(r *mipRow) error {
			rows++
			for i, j := range r.cols {
				e := entry{r.id, j}
				_, dup := byRow[e]
				require.False(t, dup, "column %d twice in a row", j)
				byRow[e] = r.coefs[i]
			}
			return nil
		}))
		byCol := map[entry]float64{}
		for j := range m.ncols {
			m.column(j, func(id rowID, coef float64) { byCol[entry{id, int32(j)}] = coef })
		}
		assert.Equal(t, byRow, byCol, "seed %d", seed)
		gotRows, gotCols, gotNNZ := m.Stats()
		assert.Equal(t, rows, gotRows, "got %d rows, want %d", gotRows, rows)
		assert.Equal(t, len(byRow), gotNNZ, "got %d nonzeros, want %d", gotNNZ, len(byRow))
		fairCols := 0
		if m.fair != nil {
			fairCols = len(m.fair.names)
		}
		assert.Equal(t, m.nx+len(m.defKey)+len(m.outS)+len(m.inS)+len(m.pinT)+fairCols+1+b2i(m.quota)+2*b2i(m.backbone)+m.def.ncols, gotCols)
	}
}

func TestWriteGolden(t *testing.T) {
	m := NewEvaluator(tinyCounty()).MIP()
	tests := []struct {
		file  string
		write func(*MIP, *bytes.Buffer) error
	}{
		{"tiny.lp", func(m *MIP, b *bytes.Buffer) error { return m.WriteLP(b) }},
		{"tiny.mps", func(m *MIP, b *bytes.Buffer) error { return m.WriteMPS(b) }},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var got, again bytes.Buffer
			require.NoError(t, tt.write(m, &got))
			require.NoError(t, tt.write(NewEvaluator(tinyCounty()).MIP(), &again))
			assert.Equal(t, got.String(), again.String(), "same instance, same bytes")
			path := filepath.Join("testdata", "mip", tt.file)
			if updateGolden() {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, got.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test -update to create it")
			assert.Equal(t, string(want), got.String(), "got %s differs from the golden file; rerun with -update if intended", tt.file)
		})
	}
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, fmt.Errorf("disk full")
	}
	return len(p), nil
}

func TestWriteErrors(t *testing.T) {
	m := NewEvaluator(mipCounty(t, 1, false)).MIP()
	assert.ErrorContains(t, m.WriteLP(&failWriter{n: 100}), "disk full")
	assert.ErrorContains(t, m.WriteMPS(&failWriter{n: 100}), "disk full")
}

// TestCBC solves the tiny county with CBC, when it is installed, from the LP
// and the MPS file, and checks that its optimum is the enumerated one and
// that the plan it returns scores what it reports.
func TestCBC(t *testing.T) {
	cbc := cbcPath(t)
	for _, name := range []string{"tiny", "pins", "nobody can move", "enforce"} {
		in := tinyCounty()
		switch name {
		case "pins":
			in = mipCounty(t, 2, true)
		case "enforce": // the complaint rows; the optimum differs from report mode's
			in = enforceCounty()
		case "nobody can move":
			in.Policy.MaxDistanceKm = 1 // no column but k_const, no row
		}
		ev := NewEvaluator(in)
		m := ev.MIP()
		for _, format := range []string{"lp", "mps"} {
			t.Run(name+"."+format, func(t *testing.T) {
				s := solveCBC(t, cbc, ev, m, format)
				got := ev.Score(s.Plan).Total
				if name != "pins" {
					_, want := bruteForce(ev)
					assert.InDelta(t, want, got, 1e-6, "got CBC optimum %v, want enumerated optimum %v", got, want)
				}
			})
		}
	}
}

func enforce(p *model.Policy) { p.Priority = model.PriorityEnforce }

// addWishes gives about half the teachers 1-3 wishes among the receivers
// that teach their stage, near or not.
func addWishes(in *model.Instance, rng *rand.Rand) {
	for t := range in.Teachers {
		tc := &in.Teachers[t]
		var recv []int
		for s := range in.Schools {
			if s != tc.School && in.Schools[s].IsReceiver() && in.Schools[s].Teaches(tc.Stage) {
				recv = append(recv, s)
			}
		}
		if len(recv) == 0 || rng.IntN(2) == 0 {
			continue
		}
		rng.Shuffle(len(recv), func(i, j int) { recv[i], recv[j] = recv[j], recv[i] })
		for k := range min(len(recv), 1+rng.IntN(3)) {
			in.Wishes = append(in.Wishes, model.Wish{TeacherID: tc.ID, Rank: k + 1, SchoolID: in.Schools[recv[k]].ID})
		}
	}
	in.Index()
}

// solveCBC writes m in format (lp or mps), solves it with CBC to a zero
// gap and reads the solution back; CBC must prove it optimal, and the
// evaluation core must score its plan at CBC's objective.
func solveCBC(t *testing.T, cbc string, ev *Evaluator, m *MIP, format string) *MIPSolution {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "model."+format)
	var b bytes.Buffer
	if format == "lp" {
		require.NoError(t, m.WriteLP(&b))
	} else {
		require.NoError(t, m.WriteMPS(&b))
	}
	require.NoError(t, os.WriteFile(file, b.Bytes(), 0o644))
	sol := filepath.Join(dir, "out.txt")
	out, err := exec.Command(cbc, file, "ratioGap", "0", "solve", "solu", sol).CombinedOutput()
	require.NoError(t, err, "%s", out)
	f, err := os.Open(sol)
	require.NoError(t, err, "%s", out)
	defer f.Close()
	s, err := ev.ParseSolution(f)
	require.NoError(t, err)
	assert.Equal(t, "Optimal", s.Status)
	got := ev.Score(s.Plan).Total
	assert.InDelta(t, s.Objective, got, 1e-6*math.Max(1, math.Abs(got)), "got score %v of CBC's plan, want CBC's objective %v", got, s.Objective)
	return s
}
