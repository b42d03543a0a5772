package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

type planOptions struct {
	IO         IOStreams
	Dir        string
	Data       datasetFlags
	Out        string
	Force      bool
	Seed       uint64
	Threads    int
	Iterations int64
	TimeLimit  time.Duration
	Gap        float64
	Lang       string
	XLSX       string
	HTML       string
	Privacy    privacyFlags
}

func newPlanCmd(opts *planOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "plan DIR",
		Short: "Generate the rotation plan of a county",
		Long: `Plan loads the county dataset in DIR, builds the rotation plan that meets the
quotas, fills the teacher deficits and subject gaps and moves as few people
as little as possible (the objective of the evaluation core), and reports
its score with a proven lower bound.

With --out it writes, atomically, the folder OUTDIR with:
  plan.csv      the rotation list, one row per move with its reasons
                (UTF-8 with BOM for Excel; Chinese headers, --lang en for English)
  schools.csv   every school part's indicators before and after
  report.txt    the score explained, for people
  plan.json     the report with stable keys and the provenance of the run
  approval.html the approval form (报批表), printable: A4 landscape, page
                numbers, the list heads on every page, the signature block
  notice.html   the public notice (公示名单): name, post school, destination,
                subject and stage only, the notice period and where
                objections go (policy.toml)
  notice.csv    the public notice as CSV
  points.csv    the points table (积分表): every eligible teacher's points
                term by term, the total, the rank in the priority group
                (post school, stage, subject; 1 rotates first) and whether
                the plan moves the teacher
  principals.csv the principal exchange (校长交流名单): the principals
                due after principal_max_years, each to the post of another
                school (a due principal's or a vacant one), nearest first,
                strong to weak preferred, within move_scope
  eligibility.csv the eligibility list (符合条件教师名单): every teacher of a
                source school, moved / eligible, not moved / not eligible
                with the rule and its detail
  schools.html  one section per school: who leaves, who arrives, its
                indicators before and after and its compliance
  .rotaplan     the marker that says rotaplan plan wrote the folder
An existing non-empty OUTDIR is replaced only with --force, and only when
rotaplan plan wrote it (it has the marker, or it holds just the first four
files above with a plan.json of rotaplan) and it holds nothing else. OUTDIR may
not be, contain or lie inside DIR, contain the pins file, or be or contain
the current folder, the home folder or a filesystem root.

With --xlsx it writes, atomically, the approval workbook FILE.xlsx with the
sheets 交流名单 (rotation list), 报批表 (approval form), 公示名单 (public
notice), 学校明细 (per school), 学校指标 (schools before and after, cells
below threshold highlighted), 县域汇总 (county summary), 违规 (violations),
积分表 (points), 优先顺序投诉 (priority complaints), 学区与集团 (title
and age structure, districts and groups), 校长交流 (principal exchange) and
符合条件教师名单 (eligibility list), each printing on A4 landscape.

With --baseline PLAN it re-plans against a published plan: each teacher
whose destination differs from it (moved or staying, or another school)
costs weights.change (default 50), so appeals and pins change as few rows
as they must. plan.csv and the workbook mark each move kept, changed, new
or pinned (与基准方案), and the report lists every change and why.

With --html it writes, atomically, one self-contained report page FILE.html
(no scripts, nothing fetched): the score breakdown, charts of I1-I3 per
school and of the CVs before and after against their thresholds, a map of
the moves and the rotation list. An existing FILE is replaced only with
--force.

Every output location is checked before the dataset is read: a folder
that cannot be written is refused at once, not after the search.

No output carries identity numbers unless --include-id-number;
--pseudonymize replaces teacher names with stable pseudonyms.

The same dataset, seed, threads and iteration budget give byte-identical
files. Ctrl-C, SIGTERM or SIGHUP stops the search and writes the best plan
found so far, then exits with code 130.`,
		Example: `  rotaplan plan scenarios/sample-county --out plan-2026
  rotaplan plan ./county --pins ./county/pins.csv --seed 7 --out plan --force`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Dir = args[0]
			return runPlan(c, opts)
		},
	}
	f := c.Flags()
	opts.Data.register(f, true)
	opts.Data.registerBaseline(f)
	f.StringVarP(&opts.Out, "out", "o", "", "write the plan folder here (default: print the report only)")
	f.BoolVar(&opts.Force, "force", false, "replace an existing OUTDIR that rotaplan plan wrote, and existing --xlsx and --html files")
	f.Uint64Var(&opts.Seed, "seed", 1, "seed of the search")
	f.IntVar(&opts.Threads, "threads", min(4, runtime.NumCPU()), "parallel search threads (part of what makes a run reproducible)")
	f.Int64Var(&opts.Iterations, "iterations", 0, "local-search moves per thread (0: 400 per movable teacher)")
	f.DurationVar(&opts.TimeLimit, "time-limit", 60*time.Second, "stop this long after the start, loading and writing included (0: no limit)")
	f.Float64Var(&opts.Gap, "gap", 0.001, "stop once the proven gap is at most this (0: use the whole budget)")
	f.Var(newEnum(&opts.Lang, "zh", document.Langs...), "lang", "language of the CSV, XLSX and HTML headers and values: zh, en")
	f.StringVar(&opts.XLSX, "xlsx", "", "write the approval workbook (.xlsx) here")
	f.StringVar(&opts.HTML, "html", "", "write the self-contained report page (.html) here")
	opts.Privacy.register(f)
	return c
}

func runPlan(c *cobra.Command, opts *planOptions) error {
	began := time.Now()
	if err := checkThreads(c, opts.Threads); err != nil {
		return err
	}
	if err := checkIterations(c, opts.Iterations); err != nil {
		return err
	}
	if opts.TimeLimit < 0 {
		return usageErrorf(c, "--time-limit: got %s, want 0 (no limit) or more", opts.TimeLimit)
	}
	if !(opts.Gap >= 0 && opts.Gap < 1) { // also refuses NaN
		return usageErrorf(c, "--gap: got %g, want 0 ≤ gap < 1", opts.Gap)
	}
	inputs := outInputs{Dirs: []string{opts.Dir}, Files: []string{opts.Data.Pins, opts.Data.Baseline}}
	od, err := checkOutDir(c, "out", opts.Out, kindPlan, opts.Force, inputs)
	if err != nil {
		return err
	}
	out := ""
	if od != nil {
		out = od.path
	}
	if err := checkOutFile(c, "xlsx", opts.XLSX, xlsxExts, opts.Force, inputs, od); err != nil {
		return err
	}
	if err := checkOutFile(c, "html", opts.HTML, htmlExts, opts.Force, inputs, od); err != nil {
		return err
	}
	in, _, err := loadDataset(c, opts.IO, opts.Dir, &opts.Data)
	if err != nil {
		return err
	}
	view := opts.Privacy.view(in, opts.Lang)
	ev := solver.NewEvaluator(in)
	so := solver.Options{
		Seed: opts.Seed, Threads: opts.Threads, Iterations: opts.Iterations,
		TimeLimit: opts.TimeLimit, Gap: opts.Gap,
	}
	if so.TimeLimit > 0 {
		// The limit is the planner's wait: loading counts against it, and
		// writeReserve of it is kept for the report and the files.
		so.TimeLimit = max(time.Millisecond, so.TimeLimit-writeReserve(so.TimeLimit, len(in.Teachers))-time.Since(began))
	}
	status := newStepLog(opts.IO)
	so.Progress = func(pr solver.Progress) {
		status.progress("%-9s %6.1fs  total %.1f  bound %.1f  gap %.3f%%  moves tried %d",
			pr.Phase, pr.Elapsed.Seconds(), pr.Score.Total, pr.Bound, 100*solver.Gap(pr.Score.Total, pr.Bound), pr.Iterations)
	}
	res := solver.Solve(c.Context(), ev, so)
	status.close()

	rep := ev.Report(res.Plan)
	var text bytes.Buffer
	document.WriteReport(&text, ev, rep, res)
	fmt.Fprintf(opts.IO.ErrOut, "%d moves, total %.2f, bound %.2f, gap %.3f%%, %s after %.1fs\n",
		rep.Quota.Moved, res.Score.Total, res.Bound, 100*res.Gap(), res.Status, res.Elapsed.Seconds())
	// A closed terminal (SIGHUP) fails the report on stdout; the files are
	// written all the same, and the failure is returned after them.
	_, stdoutErr := opts.IO.Out.Write(text.Bytes())
	if od != nil {
		files, err := planFiles(view, ev, rep, res, opts)
		if err != nil {
			return err
		}
		if err := od.write(func(dir string) error {
			for name, data := range files {
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return fmt.Errorf("write %s: %w", out, err)
		}
		fmt.Fprintf(opts.IO.ErrOut, "wrote %s\n", out)
	}
	if opts.XLSX != "" {
		prov := newProvenance(in, opts.Dir)
		prov.Seed, prov.Threads, prov.Iterations, prov.Gap = opts.Seed, opts.Threads, opts.Iterations, opts.Gap
		timeless := *res
		timeless.Elapsed = 0
		if err := writeDocument(opts.IO, opts.XLSX, document.Workbook, document.Data{In: view, Report: rep, Result: &timeless, Prov: prov,
			Lang: opts.Lang, WithID: opts.Privacy.IncludeIDNumber}); err != nil {
			return err
		}
	}
	if opts.HTML != "" {
		prov := newProvenance(in, opts.Dir)
		prov.Seed, prov.Threads, prov.Iterations, prov.Gap = opts.Seed, opts.Threads, opts.Iterations, opts.Gap
		timeless := *res
		timeless.Elapsed = 0
		if err := writeDocument(opts.IO, opts.HTML, document.ReportHTML, document.Data{In: view, Report: rep, Result: &timeless, Prov: prov,
			Lang: opts.Lang}); err != nil {
			return err
		}
	}
	if stdoutErr != nil {
		return fmt.Errorf("write the report: %w", stdoutErr)
	}
	if res.Status == solver.StatusInterrupted {
		summary := "interrupted; the best plan found so far is above"
		if out != "" {
			summary = "interrupted; wrote the best plan found so far to " + out
		}
		return &reportedError{summary: summary, err: context.Canceled}
	}
	return nil
}

// writeReserve is the part of a time limit kept for the report and the
// files after the search: a fiftieth, or about 4 µs per teacher when that
// is more (the folder of a 400,000-teacher prefecture takes about 1.5 s),
// at most half.
func writeReserve(limit time.Duration, teachers int) time.Duration {
	return min(limit/2, max(limit/50, time.Duration(teachers)*4*time.Microsecond))
}

// newProvenance is the provenance of an output of the instance in, read
// from the dataset folder dir; the caller fills in the search settings.
func newProvenance(in *model.Instance, dir string) document.Provenance {
	return document.NewProvenance(in, filepath.Base(filepath.Clean(dir)), version)
}

// planJSON is plan.json (document.PlanJSON).
type planJSON = document.PlanJSON

// planFiles builds the files of the plan folder (document.PlanFiles).
func planFiles(in *model.Instance, ev *solver.Evaluator, rep *solver.Report, res *solver.Result, opts *planOptions) (map[string][]byte, error) {
	prov := newProvenance(in, opts.Dir)
	prov.Seed, prov.Threads, prov.Iterations, prov.Gap = opts.Seed, opts.Threads, opts.Iterations, opts.Gap
	return document.PlanFiles(document.Data{In: in, Report: rep, Result: res, Prov: prov, Lang: opts.Lang,
		WithID: opts.Privacy.IncludeIDNumber}, ev)
}

// writeDocument builds a document of the report (document.Workbook for
// XLSX, document.ReportHTML for the page), writes it to path atomically and
// says so on ios.ErrOut.
func writeDocument(ios IOStreams, path string, build func(document.Data) ([]byte, error), d document.Data) error {
	data, err := build(d)
	if err != nil {
		return fmt.Errorf("build %s: %w", path, err)
	}
	if err := writeFileAtomic(path, data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	fmt.Fprintf(ios.ErrOut, "wrote %s\n", path)
	return nil
}
