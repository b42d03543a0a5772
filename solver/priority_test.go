package solver

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
)

// TestEnforceDeltaMatchesScore makes random changes, cancellations and
// redirects on counties with wishes in enforce mode: every Delta must equal
// the change of the full recompute (Assert panics otherwise) and the
// running complaint count the full list.
func TestEnforceDeltaMatchesScore(t *testing.T) {
	for seed := uint64(20); seed < 26; seed++ {
		in := mipCounty(t, seed, seed%2 == 0)
		rng := rand.New(rand.NewPCG(seed, 1))
		addWishes(in, rng)
		in.Policy.Priority = model.PriorityEnforce
		ev := NewEvaluator(in)
		s := ev.NewState()
		s.Assert = true
		var mobile []int
		for ti := range ev.Cands {
			if len(ev.Cands[ti]) > 0 {
				mobile = append(mobile, ti)
			}
		}
		require.NotEmpty(t, mobile)
		seen := 0
		for range 3000 {
			ti := mobile[rng.IntN(len(mobile))]
			c := rng.IntN(len(ev.Cands[ti])+1) - 1
			before := s.Score()
			d := s.Delta(ti, c)
			s.Apply(ti, c)
			assert.InDelta(t, before.Total+d.Total, s.Score().Total, 1e-6)
			inv, envy := ev.Complaints(s.Plan())
			require.Equal(t, len(inv)+len(envy), s.fair.n, "seed %d: running complaints", seed)
			seen += len(inv) + len(envy)
		}
		assert.Positive(t, seen, "seed %d: no complaint was ever counted", seed)
	}
}

// TestComplaintRules works through each rule on a small hand-made county:
// one town primary U with four math teachers ranked by their years at U
// (P1 12 years … P4 9 years, all alike otherwise), two rural receivers R1
// and R2.
func TestComplaintRules(t *testing.T) {
	build := func(mode model.PriorityMode) (*Evaluator, [4]int, int, int) {
		t.Helper()
		c := newCounty()
		u := c.school("U", model.PrimarySchool, model.Town, false, 400, 0, 113.00, 28.00)
		r1 := c.school("R1", model.PrimarySchool, model.Rural, false, 200, 0, 113.05, 28.00)
		r2 := c.school("R2", model.PrimarySchool, model.Rural, false, 200, 0, 113.00, 28.05)
		var p [4]int
		for i := range p {
			p[i] = c.teacher(u, tspec{stage: model.Primary, subject: model.Math, edu: model.Bachelor, years: 12 - i})
		}
		c.in.Policy.Priority = mode
		// P1 wishes R2 then R1; P2 wishes R2.
		c.in.Wishes = []model.Wish{{TeacherID: c.in.Teachers[p[0]].ID, Rank: 1, SchoolID: "R2"},
			{TeacherID: c.in.Teachers[p[0]].ID, Rank: 2, SchoolID: "R1"}, {TeacherID: c.in.Teachers[p[1]].ID, Rank: 1, SchoolID: "R2"}}
		c.in.Index()
		return NewEvaluator(&c.in), p, r1, r2
	}
	tests := []struct {
		name       string
		dest       [4]string // per teacher P1..P4: "", R1 or R2
		inversions []string  // complaining teachers, by index 1..4
		envy       []string
	}{
		{name: "nobody moves", dest: [4]string{}},
		{name: "the best two move: a prefix; P2 envies nobody better ranked", dest: [4]string{"R2", "R1"}},
		{name: "P2 moves while P1 stays", dest: [4]string{"", "R1"}, inversions: []string{"P2"}},
		{name: "P3 and P4 move while P2 stays: two inversions, and P1 envies P4", dest: [4]string{"R1", "", "R1", "R2"},
			inversions: []string{"P3", "P4"}, envy: []string{"P1"}},
		{name: "P1 at its second wish while P2 got P1's first", dest: [4]string{"R1", "R2"}, envy: []string{"P1"}},
		{name: "P1 at its first wish: no envy", dest: [4]string{"R2", "R2"}},
		{name: "P2 outside its wishes, worse P3 at its wish", dest: [4]string{"R2", "R1", "R2"}, envy: []string{"P2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, p, r1, r2 := build(model.PriorityEnforce)
			plan := NewPlan(len(ev.In.Teachers))
			for i, d := range tt.dest {
				switch d {
				case "R1":
					plan.Dest[p[i]] = int32(r1)
				case "R2":
					plan.Dest[p[i]] = int32(r2)
				}
			}
			inv, envy := ev.Complaints(plan)
			who := func(cs []Complaint) []string {
				var out []string
				for _, c := range cs {
					for i := range p {
						if c.Teacher == p[i] {
							out = append(out, "P"+itoa(i+1))
						}
					}
				}
				return out
			}
			assert.Equal(t, tt.inversions, who(inv), "inversions")
			assert.Equal(t, tt.envy, who(envy), "envy")
			report, _, _, _ := build(model.PriorityReport)
			got := ev.Score(plan).Hard - report.Score(plan).Hard
			assert.Equal(t, len(tt.inversions)+len(tt.envy), got, "hard units of the complaints")
		})
	}
}

// enforceCounty is solveCounty with a second eligible Chinese teacher at
// U (a priority group of two with the first), wishes for three teachers,
// and the priority mode enforce: its report-mode optimum has complaints.
func enforceCounty() *model.Instance {
	in := solveCounty()
	u, _ := in.SchoolByID("U")
	t := in.Teachers[0]
	// Ranked above the Chinese backbone teacher (14 years against 10 and 2
	// backbone points) but dear to move: no volunteer, a graduating class.
	t.ID, t.Name, t.Subject, t.Backbone, t.Volunteer, t.GraduatingClass = "C2", "teacher C2", model.Chinese, model.NotBackbone, false, true
	t.Joined = in.Policy.PlanDate - 12*14
	t.School, t.Serving = u, u
	in.Teachers = append(in.Teachers, t)
	for _, w := range []struct {
		t    int
		rank int
		s    string
	}{{3, 1, "R2"}, {3, 2, "R1"}, {len(in.Teachers) - 1, 1, "R1"}, {0, 1, "R2"}} {
		in.Wishes = append(in.Wishes, model.Wish{TeacherID: in.Teachers[w.t].ID, Rank: w.rank, SchoolID: w.s})
	}
	in.Policy.Priority = model.PriorityEnforce
	in.Index()
	return in
}

// TestEnforceSolveMatchesBruteForce: on a county small enough to enumerate
// every plan, the search finds the optimum of enforce mode, a plan without
// complaints, and the bound stays below it.
func TestEnforceSolveMatchesBruteForce(t *testing.T) {
	in := enforceCounty()
	ev := NewEvaluator(in)
	require.NotEmpty(t, ev.prio.groups)
	_, want := bruteForce(ev)
	res := Solve(context.Background(), ev, Options{Seed: 1, Iterations: 20_000})
	assert.InDelta(t, want, res.Score.Total, 1e-6, "got total %v, want brute-force optimum %v", res.Score.Total, want)
	assert.True(t, res.Score.Feasible(), "the optimum has no complaint")
	assert.LessOrEqual(t, res.Bound, want+1e-6, "got bound %v above the optimum %v", res.Bound, want)
	inv, envy := ev.Complaints(res.Plan)
	assert.Empty(t, inv)
	assert.Empty(t, envy)
	// In report mode the same county's optimum is cheaper and has
	// complaints: enforcing them has a price.
	in.Policy.Priority = model.PriorityReport
	report := NewEvaluator(in)
	p, free := bruteForce(report)
	assert.Less(t, free, want-1e-6, "got report-mode optimum %v, want below %v", free, want)
	inv, envy = report.Complaints(p)
	assert.NotEmpty(t, append(inv, envy...), "complaints of the report-mode optimum")
}

// TestWishWarnings: the wishes of a teacher who is not eligible this year
// (D of the worked example returned from a stint 49 months ago) are a
// warning at their first line, once per teacher; eligible wishers none.
func TestWishWarnings(t *testing.T) {
	in, _, err := model.Load("../model/testdata/fairness-tiny", model.LoadOptions{})
	require.NoError(t, err)
	assert.Empty(t, WishWarnings(in), "A, B, E and M are eligible")
	in.Wishes = append(in.Wishes,
		model.Wish{TeacherID: "D", Rank: 1, SchoolID: "R1", File: "wishes.csv", Line: 7},
		model.Wish{TeacherID: "D", Rank: 2, SchoolID: "R2", File: "wishes.csv", Line: 8})
	in.Index()
	ws := WishWarnings(in)
	require.Len(t, ws, 1)
	assert.Equal(t, model.Warning, ws[0].Severity)
	assert.Equal(t, [2]any{"wishes.csv", 7}, [2]any{ws[0].File, ws[0].Line})
	assert.Contains(t, ws[0].Message, "teacher D has wishes but is not eligible")
}

// TestComplaintDetail: the one-line detail prints points as points.csv
// does, to a millionth, not a float's full expansion (11.083333333333334
// for 11 years and a month).
func TestComplaintDetail(t *testing.T) {
	tests := []struct {
		name string
		c    Complaint
		want string
	}{
		{"inversion", Complaint{Kind: Inversion, TeacherTo: "R1", Points: 133.0 / 12, Rank: 6, OtherID: "A", OtherPoints: 28, OtherRank: 3, OtherSchoolID: "S1"},
			"moves to R1 (11.083333 points, rank 6) while A (28 points, rank 3) stays at S1"},
		{"envy", Complaint{Kind: Envy, TeacherTo: "R2", Points: 31, Rank: 2, OtherID: "E", OtherPoints: 133.0 / 12, OtherRank: 6, OtherTo: "R1"},
			"moves to R2 (31 points, rank 2) while E (11.083333 points, rank 6) moves to R1, a better wish"},
		{"negative points", Complaint{Kind: Inversion, TeacherTo: "R1", Points: -0.0000001, Rank: 9, OtherID: "A", OtherPoints: -2.5, OtherRank: 8, OtherSchoolID: "S1"},
			"moves to R1 (0 points, rank 9) while A (-2.5 points, rank 8) stays at S1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.c.Detail(), "got %q, want %q", tt.c.Detail(), tt.want)
		})
	}
}

// TestComplaintsInRankOrder: the inversions are listed in rank order of
// the complaining teacher across priority groups, as the report promises,
// not group by group. In the worked example H of the Chinese group (rank
// 8) moves while G stays, and A, M and C of the math group (ranks 3, 5, 7)
// move while B stays.
func TestComplaintsInRankOrder(t *testing.T) {
	in, _, err := model.Load("../model/testdata/fairness-tiny", model.LoadOptions{})
	require.NoError(t, err)
	ev := NewEvaluator(in)
	plan := NewPlan(len(in.Teachers))
	for id, to := range map[string]string{"A": "R1", "M": "R2", "C": "R2", "H": "R1"} {
		ti, ok := in.TeacherByID(id)
		require.True(t, ok, id)
		s, ok := in.SchoolByID(to)
		require.True(t, ok, to)
		plan.Dest[ti] = int32(s)
	}
	inv, _ := ev.Complaints(plan)
	var got []string
	for _, c := range inv {
		got = append(got, c.TeacherID)
	}
	assert.Equal(t, []string{"A", "M", "C", "H"}, got, "got inversions of %v, want them in rank order", got)
}

// TestEnvyNeedsReach: A (12 years at U) wishes F, a school beyond
// max_distance_km of U but near U2; B (8 years at U2, of A's class) moves
// to F while A moves to R outside its wishes. A could never have gone to
// F, so A has no justified envy; with F within reach A would.
func TestEnvyNeedsReach(t *testing.T) {
	for _, far := range []bool{true, false} {
		c := newCounty()
		u := c.school("U", model.PrimarySchool, model.Town, false, 400, 0, 113.00, 28.00)
		u2 := c.school("U2", model.PrimarySchool, model.Town, false, 400, 0, 113.50, 28.00)
		r := c.school("R", model.PrimarySchool, model.Rural, false, 200, 0, 113.25, 28.00)
		lon := 113.75 // 73 km from U (× 1.3 by road), 24 km from U2
		if !far {
			lon = 113.30
		}
		f := c.school("F", model.PrimarySchool, model.Rural, false, 200, 0, lon, 28.00)
		a := c.teacher(u, tspec{stage: model.Primary, subject: model.Math, edu: model.Bachelor, years: 12})
		b := c.teacher(u2, tspec{stage: model.Primary, subject: model.Math, edu: model.Bachelor, years: 8})
		c.in.Policy.Priority = model.PriorityEnforce
		c.in.Wishes = []model.Wish{{TeacherID: c.in.Teachers[a].ID, Rank: 1, SchoolID: "F"}}
		c.in.Index()
		ev := NewEvaluator(&c.in)
		require.Equal(t, far, ev.candIndex(a, int32(f)) < 0, "F out of A's reach")
		require.GreaterOrEqual(t, ev.candIndex(b, int32(f)), int32(0))
		plan := NewPlan(len(c.in.Teachers))
		plan.Dest[a], plan.Dest[b] = int32(r), int32(f)
		_, envy := ev.Complaints(plan)
		want := 1
		if far {
			want = 0
		}
		assert.Len(t, envy, want, "far %v: envy", far)
		s := ev.NewState()
		s.Assert = true
		s.Apply(a, int(ev.candIndex(a, int32(r))))
		s.Apply(b, int(ev.candIndex(b, int32(f))))
		assert.Equal(t, ev.Score(plan).Hard, s.Score().Hard)
		m := ev.MIP()
		obj, err := objectiveAt(m, plan)
		require.NoError(t, err)
		assert.InDelta(t, ev.Score(plan).Total, obj, 1e-6)
	}
}

// TestEnvyPastUnreachableWish: A (12 years at U) wishes F first, beyond
// its reach, and R2 second; A moves to R, outside its wishes. B (8 years
// at U2, of A's class) goes to F, then on to R2: A now envies B. The
// running count must see it, though A is no wisher of F, where B came
// from.
func TestEnvyPastUnreachableWish(t *testing.T) {
	c := newCounty()
	u := c.school("U", model.PrimarySchool, model.Town, false, 400, 0, 113.00, 28.00)
	u2 := c.school("U2", model.PrimarySchool, model.Town, false, 400, 0, 113.50, 28.00)
	r := c.school("R", model.PrimarySchool, model.Rural, false, 200, 0, 113.25, 28.00)
	r2 := c.school("R2", model.PrimarySchool, model.Rural, false, 200, 0, 113.25, 28.05)
	f := c.school("F", model.PrimarySchool, model.Rural, false, 200, 0, 113.75, 28.00)
	a := c.teacher(u, tspec{stage: model.Primary, subject: model.Math, edu: model.Bachelor, years: 12})
	b := c.teacher(u2, tspec{stage: model.Primary, subject: model.Math, edu: model.Bachelor, years: 8})
	c.in.Policy.Priority = model.PriorityEnforce
	aid := c.in.Teachers[a].ID
	c.in.Wishes = []model.Wish{{TeacherID: aid, Rank: 1, SchoolID: "F"}, {TeacherID: aid, Rank: 2, SchoolID: "R2"}}
	c.in.Index()
	ev := NewEvaluator(&c.in)
	require.Less(t, ev.candIndex(a, int32(f)), int32(0), "F out of A's reach")
	require.GreaterOrEqual(t, ev.candIndex(a, int32(r2)), int32(0), "R2 within A's reach")
	s := ev.NewState()
	s.Apply(a, int(ev.candIndex(a, int32(r))))
	s.Apply(b, int(ev.candIndex(b, int32(f))))
	require.Zero(t, s.fair.n, "B at F: A cannot go there, no envy")
	d := s.Delta(b, int(ev.candIndex(b, int32(r2))))
	s.Apply(b, int(ev.candIndex(b, int32(r2))))
	_, envy := ev.Complaints(s.Plan())
	require.Len(t, envy, 1, "B at R2, A's reachable wish above R")
	assert.Equal(t, 1, s.fair.n, "running count")
	assert.Equal(t, 1, d.Hard, "delta of B's move")
}

// TestChainMovesEndAtLocalOptimum: on random enforce counties brought to a
// local optimum of every other neighbourhood of the descent, chainMoves
// still finds improving chains on some of them, keeps the running score
// equal to a full recompute, never opens a complaint, and when it reports
// nothing left no chain of two changes improves: checked here by trying
// every other destination of every moved teacher A with every change of
// every teacher B moved to it.
func TestChainMovesEndAtLocalOptimum(t *testing.T) {
	found := 0
	for seed := uint64(40); seed < 46; seed++ {
		ev, s, st := descendedEnforce(t, seed, nil)
		require.True(t, st.Score().Feasible(), "seed %d", seed)
		before := st.Score().Total
		for s.chainMoves(st) {
			found++
		}
		st.Resync()
		after := st.Score()
		assert.LessOrEqual(t, after.Total, before+1e-9, "seed %d", seed)
		assert.True(t, after.Feasible(), "seed %d: a chain opened a complaint", seed)
		assert.InDelta(t, ev.Score(st.Plan()).Total, after.Total, 1e-6, "seed %d", seed)
		for _, a := range s.mobile {
			oa := st.cand[a]
			if oa < 0 {
				continue
			}
			for _, na := range s.cands[a] {
				if na == oa {
					continue
				}
				y := ev.Cands[a][na].School
				da := st.Move(int(a), int(na)).Total
				assert.GreaterOrEqual(t, da, -eps, "seed %d: teacher %d alone improves", seed, a)
				for _, p := range s.rev[y] {
					if p.t == a || st.cand[p.t] != p.c {
						continue
					}
					ends := append([]int32{-1}, s.cands[p.t]...)
					for _, nb := range ends {
						if nb == p.c || (nb < 0 && !s.lastOfGroup(st, p.t)) {
							continue
						}
						v := st.Delta(int(p.t), int(nb)).Total
						assert.GreaterOrEqual(t, da+v, -eps, "seed %d: chain %d→%d, %d→%d improves", seed, a, y, p.t, nb)
					}
				}
				st.Move(int(a), int(oa))
			}
		}
	}
	assert.Positive(t, found, "no chain improved a plan the other neighbourhoods had left")
}

// TestChainPolish: finishing the best plan by a descent with chains keeps
// it feasible and no worse, and leaves no improving chain in it; a plan
// the plain descent left is improved on some county.
func TestChainPolish(t *testing.T) {
	improved := 0
	for seed := uint64(50); seed < 54; seed++ {
		ev, s, st := descendedEnforce(t, seed, nil)
		s.keep(st)
		before := s.bestScore.Total
		s.chainPolish()
		assert.LessOrEqual(t, s.bestScore.Total, before+1e-9, "seed %d", seed)
		assert.True(t, s.bestScore.Feasible(), "seed %d", seed)
		assert.False(t, s.chains, "seed %d: chains left on", seed)
		if s.bestScore.Total < before-1e-9 {
			improved++
		}
		st = ev.stateOf(s.best)
		assert.False(t, s.chainMoves(st), "seed %d: an improving chain is left", seed)
	}
	assert.Positive(t, improved, "the chains improved no plan the plain descent left")
}

// TestChainEndsCacheMatchesFullPricing: the three best destinations
// bestChainEnd keeps per pass give, for every teacher A tried and every
// teacher B at A's new school, the same best change of B as pricing all
// of B's destinations, with keep_compliance, the structure terms, wishes
// (envy) and a baseline all in the total.
func TestChainEndsCacheMatchesFullPricing(t *testing.T) {
	checked := 0
	for seed := uint64(60); seed < 64; seed++ {
		ev, s, st := descendedEnforce(t, seed, func(p *model.Policy) {
			p.KeepCompliance = true
			p.Weights.TitleStructure, p.Weights.AgeStructure = 2.5, 1.5
		})
		s.ends = make([]chainEnds, len(ev.Cands))
		s.endsVer++
		full := func(b int32) float64 {
			bv := 0.0
			for _, c := range s.cands[b] {
				if c != st.cand[b] {
					bv = min(bv, st.Delta(int(b), int(c)).Total)
				}
			}
			if ev.pinMove[b] < 0 && s.lastOfGroup(st, b) {
				bv = min(bv, st.Delta(int(b), -1).Total)
			}
			return bv
		}
		for _, a := range s.mobile {
			oa := st.cand[a]
			if oa < 0 {
				continue
			}
			x := ev.Cands[a][oa].School
			for _, na := range s.cands[a] {
				if na == oa {
					continue
				}
				y := ev.Cands[a][na].School
				st.Move(int(a), int(na))
				for _, p := range s.rev[y] {
					b := p.t
					if b == a || st.cand[b] != p.c {
						continue
					}
					_, got := s.bestChainEnd(st, b, a, x)
					assert.InDelta(t, full(b), got, 1e-6, "seed %d: A %d to %d, B %d", seed, a, y, b)
					checked++
				}
				st.Move(int(a), int(oa))
			}
		}
	}
	assert.Greater(t, checked, 100, "too few chains priced to compare")
}

// descendedEnforce builds a random enforce county with wishes (seed, 40
// schools), edited by edit when given, and a prepared search with a plan
// constructed and descended without chains.
func descendedEnforce(t *testing.T, seed uint64, edit func(*model.Policy)) (*Evaluator, *search, *State) {
	t.Helper()
	in := randomCounty(seed, 40)
	addWishes(in, rand.New(rand.NewPCG(seed, 9)))
	in.Policy.Priority = model.PriorityEnforce
	if edit != nil {
		edit(&in.Policy)
	}
	ev := NewEvaluator(in)
	s := newSearch(context.Background(), ev, Options{})
	require.True(t, s.prepare())
	st := s.pinnedState()
	s.construct(st)
	s.descend(st) // without chains: s.chains is false outside the local search
	return ev, s, st
}
