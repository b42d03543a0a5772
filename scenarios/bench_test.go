package scenarios_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"

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
func BenchmarkDelta(b *testing.B) {
	for _, size := range []gen.Size{gen.Large, gen.Prefecture} {
		b.Run(string(size), func(b *testing.B) {
			ev := solver.NewEvaluator(instance(b, size))
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
// 0.1%), reporting the final total, the bound and the gap per instance.
func BenchmarkSolve(b *testing.B) {
	for _, size := range []gen.Size{gen.Small, gen.County, gen.Large, gen.Prefecture} {
		b.Run(string(size), func(b *testing.B) {
			ev := solver.NewEvaluator(instance(b, size))
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

func ExampleWeightedCV() {
	// The published five-school example: books per student, weighted by students.
	p := []float64{45, 37, 89, 76, 55}
	x := []float64{279.0 / 45, 137.0 / 37, 935.0 / 89, 160.0 / 76, 402.0 / 55}
	cv, _ := solver.WeightedCV(x, p)
	fmt.Printf("%.4f\n", cv)
	// Output: 0.5153
}
