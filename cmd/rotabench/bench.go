package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/scenarios/gen"
	"github.com/rotaplan/rotaplan/solver"
)

// peers are the exact solvers rotabench knows, in table order.
var peers = []string{"cbc", "highs"}

// config is the parsed command line.
type config struct {
	sizes        []gen.Size
	seed         int64
	peers        []string
	timeLimit    time.Duration // per peer run, and for rotaplan's run to the target
	rotaplanTime time.Duration // rotaplan's ordinary run
	out          string
	cache        string
	keepModels   bool
	highsVersion string
	priority     string             // the policy's priority mode as given, or "" for the generator's
	mode         model.PriorityMode // priority parsed
}

func parseFlags(args []string, errOut io.Writer) (*config, error) {
	fs := flag.NewFlagSet("rotabench", flag.ContinueOnError)
	fs.SetOutput(errOut)
	var sizes, peerList string
	c := &config{}
	names := make([]string, 0, 4)
	for _, s := range gen.Sizes() {
		names = append(names, string(s))
	}
	fs.StringVar(&sizes, "sizes", "small,county", "comma-separated instance sizes: "+strings.Join(names, ", "))
	fs.Int64Var(&c.seed, "seed", 1, "generator seed, also rotaplan's solver seed")
	fs.StringVar(&peerList, "peers", "cbc,highs", "comma-separated exact solvers to compare with: "+strings.Join(peers, ", ")+" (empty for none)")
	fs.DurationVar(&c.timeLimit, "time-limit", 10*time.Minute, "time limit of each peer run and of rotaplan's run to the target")
	fs.DurationVar(&c.rotaplanTime, "rotaplan-time", time.Minute, "time limit of rotaplan's ordinary run")
	fs.StringVar(&c.out, "out", "bench-results", "output folder for results, logs and solutions")
	fs.StringVar(&c.cache, "cache", filepath.Join(".cache", "rotabench"), "folder where the HiGHS npm package is installed")
	fs.BoolVar(&c.keepModels, "keep-models", false, "keep the LP files (prefecture ones take hundreds of MB)")
	fs.StringVar(&c.highsVersion, "highs-version", "1.15.3", "version of the npm package highs to install")
	fs.StringVar(&c.priority, "priority", "", "priority mode of the instances: off, report, enforce (empty: as generated)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if c.priority != "" {
		var err error
		if c.mode, err = model.ParsePriorityMode(c.priority); err != nil {
			return nil, &usageError{"-priority: " + err.Error()}
		}
	}
	if fs.NArg() > 0 {
		return nil, &usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	for _, v := range splitList(sizes) {
		s, err := gen.ParseSize(v)
		if err != nil {
			return nil, &usageError{err.Error()}
		}
		c.sizes = append(c.sizes, s)
	}
	if len(c.sizes) == 0 {
		return nil, &usageError{"-sizes lists no size"}
	}
	for _, p := range splitList(peerList) {
		if !slices.Contains(peers, p) {
			return nil, &usageError{fmt.Sprintf("unknown peer %q, want one of %s", p, strings.Join(peers, ", "))}
		}
		if !slices.Contains(c.peers, p) {
			c.peers = append(c.peers, p)
		}
	}
	if c.timeLimit <= 0 || c.rotaplanTime <= 0 {
		return nil, &usageError{"time limits must be positive"}
	}
	return c, nil
}

func splitList(v string) []string {
	var out []string
	for _, f := range strings.Split(v, ",") {
		if f = strings.ToLower(strings.TrimSpace(f)); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// run is the whole command.
func run(ctx context.Context, args []string, out, errOut io.Writer) error {
	cfg, err := parseFlags(args, errOut)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return fmt.Errorf("create output folder: %w", err)
	}
	b := &bench{cfg: cfg, log: errOut}
	if slices.Contains(cfg.peers, "highs") {
		if b.highs, err = installHighs(ctx, cfg.cache, cfg.highsVersion, errOut); err != nil {
			return err
		}
	}
	var results []*Instance
	for _, size := range cfg.sizes {
		res, err := b.instance(ctx, size)
		if err != nil {
			return fmt.Errorf("%s: %w", size, err)
		}
		results = append(results, res)
		// Rewrite the results after each instance so a long run can be watched.
		if err := writeResults(cfg.out, results); err != nil {
			return err
		}
	}
	return writeTable(out, results)
}

// bench runs the instances of one command line.
type bench struct {
	cfg   *config
	log   io.Writer
	highs *highsSetup
}

func (b *bench) progress(format string, a ...any) {
	fmt.Fprintf(b.log, "rotabench: "+format+"\n", a...)
}

// instance benchmarks one generated county.
func (b *bench) instance(ctx context.Context, size gen.Size) (*Instance, error) {
	cfg := b.cfg
	name := fmt.Sprintf("%s-s%d", size, cfg.seed)
	if cfg.priority != "" {
		name += "-" + cfg.priority
	}
	dir := filepath.Join(cfg.out, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create instance folder: %w", err)
	}
	b.progress("%s: generating", name)
	in, err := gen.Generate(size, cfg.seed)
	if err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	if cfg.priority != "" {
		in.Policy.Priority = cfg.mode
	}
	ev := solver.NewEvaluator(in)
	m := ev.MIP()
	rows, cols, nnz := m.Stats()
	res := &Instance{
		Name: name, Size: string(size), Seed: cfg.seed,
		Teachers: len(in.Teachers), Eligible: len(ev.Eligible), Moves: m.Moves(),
		Vars: cols, Rows: rows, Nonzeros: nnz,
	}
	lp := filepath.Join(dir, "model.lp")
	b.progress("%s: writing %s (%d rows, %d columns, %d nonzeros)", name, lp, rows, cols, nnz)
	if res.LPBytes, err = writeLP(lp, m); err != nil {
		return nil, err
	}
	if !cfg.keepModels {
		defer os.Remove(lp)
	}

	b.progress("%s: rotaplan for %v", name, cfg.rotaplanTime)
	res.Runs = append(res.Runs, b.rotaplan(ctx, ev, cfg.rotaplanTime, math.Inf(-1)))
	for _, p := range cfg.peers {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b.progress("%s: %s for at most %v", name, p, cfg.timeLimit)
		var r Run
		switch p {
		case "cbc":
			r = runCBC(ctx, ev, lp, dir, cfg.timeLimit)
		case "highs":
			r = b.highs.run(ctx, ev, lp, dir, cfg.timeLimit)
		}
		b.report(name, &r)
		res.Runs = append(res.Runs, r)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b.timeToTarget(ctx, ev, res)
	return res, nil
}

// report prints a run's outcome and warns when the core disagrees with the
// objective the solver reported.
func (b *bench) report(name string, r *Run) {
	if r.Error != "" {
		b.progress("%s: %s failed: %s", name, r.Peer, r.Error)
		return
	}
	b.progress("%s: %s %s, objective %s, bound %s, %.1f s", name, r.Peer, r.Status, fmtPtr(r.Objective), fmtPtr(r.Bound), r.Seconds)
	if r.Objective != nil && r.Reported != nil && !near(*r.Objective, *r.Reported) {
		b.progress("%s: WARNING %s reported objective %v but its plan scores %v", name, r.Peer, *r.Reported, *r.Objective)
	}
}

// rotaplan runs rotaplan's solver once; a target of -Inf means none.
func (b *bench) rotaplan(ctx context.Context, ev *solver.Evaluator, limit time.Duration, target float64) Run {
	r := Run{Peer: "rotaplan"}
	got, err := solveRotaplan(ctx, ev, limit, uint64(b.cfg.seed), target)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	r.Status = got.Status
	r.setScore(ev, got.Plan, nil)
	if !math.IsInf(got.Bound, 0) && !math.IsNaN(got.Bound) {
		r.Bound = ptr(got.Bound)
	}
	r.Seconds = got.Elapsed.Seconds()
	r.finish()
	return r
}

// timeToTarget runs rotaplan to 1.001 × the best proven optimum, when a
// peer proved one, and records its time as a ratio of each peer's time to
// prove optimality.
func (b *bench) timeToTarget(ctx context.Context, ev *solver.Evaluator, res *Instance) {
	best := math.Inf(1)
	for _, r := range res.Runs {
		if r.Proven && r.Objective != nil {
			best = math.Min(best, *r.Objective)
		}
	}
	if math.IsInf(best, 1) {
		b.progress("%s: no peer proved an optimum; no time to target", res.Name)
		return
	}
	tt := &Target{Target: 1.001 * best, Ratio: map[string]float64{}}
	res.TimeToTarget = tt
	b.progress("%s: rotaplan to target %.6g for at most %v", res.Name, tt.Target, b.cfg.timeLimit)
	r := b.rotaplan(ctx, ev, b.cfg.timeLimit, tt.Target)
	if r.Error != "" {
		tt.Error = r.Error
		return
	}
	tt.Best, tt.Seconds = r.Objective, r.Seconds
	if r.Objective == nil || *r.Objective > tt.Target {
		b.progress("%s: rotaplan missed the target in %.1f s (best %s)", res.Name, r.Seconds, fmtPtr(r.Objective))
		return
	}
	tt.Reached = true
	for _, p := range res.Runs {
		if p.Proven && p.Seconds > 0 {
			tt.Ratio[p.Peer] = r.Seconds / p.Seconds
		}
	}
	b.progress("%s: rotaplan reached the target in %.2f s", res.Name, r.Seconds)
}

// writeLP writes the MIP to path and returns its size in bytes.
func writeLP(path string, m *solver.MIP) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, fmt.Errorf("write model: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = m.WriteLP(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("write model %s: %w", path, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return 0, fmt.Errorf("write model: %w", err)
	}
	return st.Size(), nil
}
