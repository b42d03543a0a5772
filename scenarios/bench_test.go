package scenarios_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/scenarios/gen"
	"github.com/rotaplan/rotaplan/solver"
)

// The named benchmark instances: generated counties with seed 1.
var (
	instMu    sync.Mutex
	instances = map[gen.Size]*model.Instance{}
)

func instance(b *testing.B, size gen.Size) *model.Instance {
	b.Helper()
	instMu.Lock()
	defer instMu.Unlock()
	if in, ok := instances[size]; ok {
		return in
	}
	in, err := gen.Generate(size, 1)
	if err != nil {
		b.Fatal(err)
	}
	instances[size] = in
	return in
}

// BenchmarkLoadPrefecture reads the prefecture dataset (~100k teachers)
// from disk through the full loader and validation.
func BenchmarkLoadPrefecture(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "prefecture")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := gen.Write(dir, instance(b, gen.Prefecture)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := model.Load(dir, model.LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewEvaluator builds the evaluation core: parts, needs,
// eligibility, candidates within max_distance_km.
func BenchmarkNewEvaluator(b *testing.B) {
	for _, size := range []gen.Size{gen.County, gen.Large, gen.Prefecture} {
		b.Run(string(size), func(b *testing.B) {
			in := instance(b, size)
			b.ReportAllocs()
			for b.Loop() {
				solver.NewEvaluator(in)
			}
		})
	}
}

// BenchmarkScore is the full recompute of a solved plan's score.
func BenchmarkScore(b *testing.B) {
	for _, size := range []gen.Size{gen.County, gen.Large, gen.Prefecture} {
		b.Run(string(size), func(b *testing.B) {
			ev := solver.NewEvaluator(instance(b, size))
			res := solver.Solve(context.Background(), ev, solver.Options{Seed: 1, Iterations: -1, BoundIterations: -1})
			b.ReportAllocs()
			for b.Loop() {
				ev.Score(res.Plan)
			}
		})
	}
}

// BenchmarkDelta prices random changes (move, change destination, cancel)
// on a solved plan: the inner loop of the local search. One op is one delta.
// The enforce runs count the justified complaints in every delta too.
func BenchmarkDelta(b *testing.B) {
	for _, run := range []struct {
		size gen.Size
		mode model.PriorityMode
	}{{gen.Large, model.PriorityReport}, {gen.Prefecture, model.PriorityReport}, {gen.Large, model.PriorityEnforce}} {
		name := string(run.size)
		if run.mode == model.PriorityEnforce {
			name += "-enforce"
		}
		b.Run(name, func(b *testing.B) {
			in := *instance(b, run.size) // the shared instance, with its own policy
			in.Policy.Priority = run.mode
			ev := solver.NewEvaluator(&in)
			res := solver.Solve(context.Background(), ev, solver.Options{Seed: 1, Iterations: -1, BoundIterations: -1})
			st := ev.NewState()
			for t, d := range res.Plan.Dest {
				for c, cd := range ev.Cands[t] {
					if cd.School == d {
						st.Apply(t, c)
					}
				}
			}
			var mobile []int
			for t := range ev.Cands {
				if len(ev.Cands[t]) > 0 {
					mobile = append(mobile, t)
				}
			}
			rng := rand.New(rand.NewPCG(1, 1))
			const n = 1 << 16
			ts, cs := make([]int, n), make([]int, n)
			for i := range n {
				ts[i] = mobile[rng.IntN(len(mobile))]
				cs[i] = rng.IntN(len(ev.Cands[ts[i]])+1) - 1
			}
			b.ReportAllocs()
			i := 0
			var sink float64
			for b.Loop() {
				sink += st.Delta(ts[i&(n-1)], cs[i&(n-1)]).Total
				i++
			}
			_ = sink
		})
	}
}

// BenchmarkSolve is a whole default solve (2 threads, default budget, gap
// 0.1%), reporting the final total, the bound and the gap per instance;
// county-enforce solves the county with the priority enforced.
func BenchmarkSolve(b *testing.B) {
	for _, run := range []struct {
		size gen.Size
		mode model.PriorityMode
	}{{gen.Small, model.PriorityReport}, {gen.County, model.PriorityReport}, {gen.Large, model.PriorityReport},
		{gen.Prefecture, model.PriorityReport}, {gen.County, model.PriorityEnforce}} {
		name := string(run.size)
		if run.mode == model.PriorityEnforce {
			name += "-enforce"
		}
		b.Run(name, func(b *testing.B) {
			in := *instance(b, run.size) // the shared instance, with its own policy
			in.Policy.Priority = run.mode
			ev := solver.NewEvaluator(&in)
			var res *solver.Result
			b.ReportAllocs()
			for b.Loop() {
				res = solver.Solve(context.Background(), ev, solver.Options{Seed: 1, Threads: 2, Gap: 0.001})
			}
			b.ReportMetric(res.Score.Total, "total")
			b.ReportMetric(res.Bound, "bound")
			b.ReportMetric(100*res.Gap(), "gap%")
		})
	}
}

// BenchmarkSolveScope is the county's default solve under each move_scope:
// the district and group scopes shrink the candidate sets, so they must
// not be slower than the county scope.
func BenchmarkSolveScope(b *testing.B) {
	for _, scope := range []model.MoveScope{model.ScopeCounty, model.ScopeDistrict, model.ScopeGroup} {
		b.Run(scope.String(), func(b *testing.B) {
			in := *instance(b, gen.County)
			in.Policy.MoveScope = scope
			var ev *solver.Evaluator
			var res *solver.Result
			b.ReportAllocs()
			for b.Loop() {
				ev = solver.NewEvaluator(&in)
				res = solver.Solve(context.Background(), ev, solver.Options{Seed: 1, Threads: 2, Gap: 0.001})
			}
			cands := 0
			for _, cs := range ev.Cands {
				cands += len(cs)
			}
			b.ReportMetric(float64(cands), "candidates")
			b.ReportMetric(res.Score.Total, "total")
			b.ReportMetric(100*res.Gap(), "gap%")
		})
	}
}

// writtenInstance writes the named instance into a temporary folder.
func writtenInstance(b *testing.B, size gen.Size) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), string(size))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := gen.Write(dir, instance(b, size)); err != nil {
		b.Fatal(err)
	}
	return dir
}

// planRun is the outcome of runPlan and when each stage ended.
type planRun struct {
	res                               *solver.Result
	start, cancelled, solved, written time.Time
}

// runPlan runs as 'rotaplan plan --time-limit' does, the limit counted
// from the start: it loads the dataset from disk, builds the core, solves
// for what is left of the limit less a fiftieth kept for the outputs, then
// reports and writes the report as plan.json, the largest of the outputs.
// A zero limit means none. With interrupt > 0 the solve's context is
// cancelled that long after the solve starts, as Ctrl-C does.
func runPlan(b *testing.B, dir, out string, limit, interrupt time.Duration) planRun {
	r := planRun{start: time.Now()}
	in, _, err := model.Load(dir, model.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	ev := solver.NewEvaluator(in)
	opt := solver.Options{Seed: 1, Threads: 2, Gap: 0.001}
	if limit > 0 {
		opt.TimeLimit = max(time.Millisecond, limit-limit/50-time.Since(r.start))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fired := make(chan time.Time, 1)
	if interrupt > 0 {
		t := time.AfterFunc(interrupt, func() {
			fired <- time.Now()
			cancel()
		})
		defer t.Stop()
	}
	r.res = solver.Solve(ctx, ev, opt)
	r.solved = time.Now()
	if interrupt > 0 {
		if r.res.Status != solver.StatusInterrupted {
			b.Fatalf("got status %s, want interrupted", r.res.Status)
		}
		r.cancelled = <-fired
	}
	js, err := json.MarshalIndent(ev.Report(r.res.Plan), "", "  ")
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "plan.json"), js, 0o644); err != nil {
		b.Fatal(err)
	}
	r.written = time.Now()
	return r
}

// stressRuns are the instances of the stop benchmarks, a prefecture of 56
// counties (~415,000 teachers) and a county with a hundred times its
// teachers (~250,000 at 60 schools), with a time limit and how long into
// the solve an interruption comes (in the construction or the descent).
var stressRuns = []struct {
	size             gen.Size
	limit, interrupt time.Duration
}{
	{gen.Prefecture4, 5 * time.Second, 2 * time.Second},
	{gen.Crowded, 15 * time.Second, 5 * time.Second},
}

// BenchmarkTimeLimit is 'rotaplan plan --time-limit' on the stress
// instances, loading and writing included; wall/limit is the wall time
// over the limit (the goal: at most 1.05, plus a second for loading).
func BenchmarkTimeLimit(b *testing.B) {
	for _, tt := range stressRuns {
		b.Run(fmt.Sprintf("%s-%v", tt.size, tt.limit), func(b *testing.B) {
			dir, out := writtenInstance(b, tt.size), b.TempDir()
			var last planRun
			var wall time.Duration
			for b.Loop() {
				last = runPlan(b, dir, out, tt.limit, 0)
				wall += last.written.Sub(last.start)
			}
			b.ReportMetric(wall.Seconds()/float64(b.N)/tt.limit.Seconds(), "wall/limit")
			b.ReportMetric(last.res.Score.Total, "total")
			b.ReportMetric(float64(last.res.Score.Hard), "hard")
		})
	}
}

// BenchmarkInterrupt cancels 'rotaplan plan' on the stress instances during
// the solve, as Ctrl-C does, and reports the seconds from the cancellation
// to the solve's return (stop-s) and to the report written (exit-s).
func BenchmarkInterrupt(b *testing.B) {
	for _, tt := range stressRuns {
		b.Run(fmt.Sprintf("%s-at-%v", tt.size, tt.interrupt), func(b *testing.B) {
			dir, out := writtenInstance(b, tt.size), b.TempDir()
			var stop, exit time.Duration
			for b.Loop() {
				r := runPlan(b, dir, out, 0, tt.interrupt)
				stop += r.solved.Sub(r.cancelled)
				exit += r.written.Sub(r.cancelled)
			}
			b.ReportMetric(stop.Seconds()/float64(b.N), "stop-s")
			b.ReportMetric(exit.Seconds()/float64(b.N), "exit-s")
		})
	}
}

func ExampleWeightedCV() {
	// The published five-school example: books per student, weighted by students.
	p := []float64{45, 37, 89, 76, 55}
	x := []float64{279.0 / 45, 137.0 / 37, 935.0 / 89, 160.0 / 76, 402.0 / 55}
	cv, _ := solver.WeightedCV(x, p)
	fmt.Printf("%.4f\n", cv)
	// Output: 0.5153
}
