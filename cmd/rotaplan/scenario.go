package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/scenarios"
	"github.com/rotaplan/rotaplan/solver"
)

type scenarioOptions struct {
	IO         IOStreams
	Files      []string
	Data       datasetFlags
	Out        string
	Force      bool
	Seed       uint64
	Workers    int
	Iterations int64
	Lang       string
	XLSX       string
}

func newScenarioCmd(opts *scenarioOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "scenario",
		Short: "Run and compare what-if scenarios (情景分析)",
		Long: `Scenario runs what-if variants of a county. A scenario file (TOML) names a
base dataset folder and overrides policy keys or changes the data:

  name        = "quota15"
  description = "rotate 15% of eligible teachers"
  base        = "../sample-county"     # relative to the scenario file
  baseline    = "published.csv"        # optional: a published plan to re-plan against
  [policy]                              # any key of policy.toml
  rotation_rate = 0.15
  [[add_school]]                        # the columns of schools.csv
  school_id = "43010099"
  type = "nine_year"
  urban_rural = "220"
  students_primary = 200
  lon = 112.80
  lat = 28.10
  [[scale_enrolment]]                   # schools = ["…"] or rural = true
  rural = true
  factor = 0.8
  [[close_school]]                      # teachers and pupils go to "to",
  school = "43010028"                   # or the teachers leave without it
  to = "43010023"
  [[set_weak]]
  school = "43010015"
  weak = true
  [[set_structure]]                     # district (学区) and/or group (教育集团);
  school = "43010040"                   # "" takes the school out
  district = "东片区"
  group = "顺林县实验小学教育集团"
  [[retire]]
  teachers = ["4301000001"]
  [[hire]]                              # synthetic IDs H<school>-001, …
  school = "43010023"
  stage = "primary"
  subject = "pe"
  education = "bachelor"
  backbone = "none"
  count = 2

The base files are never modified. See scenarios/examples.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	c.AddCommand(newScenarioRunCmd(opts))
	return c
}

func newScenarioRunCmd(opts *scenarioOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "run SCENARIO.toml...",
		Short: "Plan each scenario and compare them side by side",
		Long: `Run plans every scenario, in parallel on a pool of --threads workers (each
plan uses one search thread, so results do not depend on the pool size),
and prints a comparison table with one column per scenario, in argument
order: quota figures, compliant parts, CV of I1-I3 after the plan, medium
deficits left, moves, km, non-volunteer moves, objective, bound and gap.

With --out it writes, atomically, the folder OUTDIR with comparison.csv
(UTF-8 with BOM), comparison.xlsx and, per scenario, NAME/plan.csv and NAME/schools.csv.

On a terminal, stderr shows each scenario as it is planned.`,
		Example: `  rotaplan scenario run scenarios/examples/base.toml scenarios/examples/quota15.toml
  rotaplan scenario run scenarios/examples/*.toml --out compare --iterations 20000`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Files = args
			return runScenarios(c, opts)
		},
	}
	f := c.Flags()
	opts.Data.register(f, false)
	f.StringVarP(&opts.Out, "out", "o", "", "write the comparison folder here (default: print the table only)")
	f.BoolVar(&opts.Force, "force", false, "replace an existing output folder")
	f.Uint64Var(&opts.Seed, "seed", 1, "seed of every search")
	f.IntVar(&opts.Workers, "threads", runtime.NumCPU(), "scenarios planned at once")
	f.Int64Var(&opts.Iterations, "iterations", 0, "local-search moves per scenario (0: 400 per movable teacher)")
	f.Var(newEnum(&opts.Lang, "zh", document.Langs...), "lang", "language of the plan CSV and workbook headers and values: zh, en")
	f.StringVar(&opts.XLSX, "xlsx", "", "also write the comparison as a workbook (.xlsx) here")
	return c
}

// loadScenarios loads every file, printing all problems to stderr; any
// error maps to exit code 2.
func loadScenarios(ios IOStreams, files []string, d *datasetFlags) ([]*scenarios.Scenario, error) {
	var out []*scenarios.Scenario
	var all model.Problems
	bad := 0
	for _, f := range files {
		sc, probs, err := scenarios.Load(f, d.options())
		all = append(all, probs...)
		if err != nil {
			var ie *model.InputError
			if !errors.As(err, &ie) {
				return nil, fmt.Errorf("load %s: %w", f, err)
			}
			bad++
			continue
		}
		out = append(out, sc)
	}
	seen := map[string]bool{}
	var uniq model.Problems
	for _, p := range all {
		if k := p.String(); !seen[k] {
			seen[k] = true
			uniq = append(uniq, p)
		}
	}
	for _, p := range uniq {
		if _, err := fmt.Fprintln(ios.ErrOut, p); err != nil {
			return nil, err
		}
	}
	if bad > 0 {
		n := len(uniq.Errors())
		return nil, &reportedError{summary: fmt.Sprintf("%d %s in %d %s", n, plural(n, "error", "errors"), bad, plural(bad, "scenario", "scenarios")),
			err: &model.InputError{Problems: uniq}}
	}
	return out, nil
}

func runScenarios(c *cobra.Command, opts *scenarioOptions) error {
	if err := checkThreads(c, opts.Workers); err != nil {
		return err
	}
	if err := checkIterations(c, opts.Iterations); err != nil {
		return err
	}
	inputs := outInputs{Files: opts.Files}
	od, err := checkOutDir(c, "out", opts.Out, kindScenario, opts.Force, inputs)
	if err != nil {
		return err
	}
	if err := checkOutFile(c, "xlsx", opts.XLSX, xlsxExts, opts.Force, inputs, od); err != nil {
		return err
	}
	scs, err := loadScenarios(opts.IO, opts.Files, &opts.Data)
	if err != nil {
		return err
	}
	// The base datasets are known once the scenario files are read.
	for _, sc := range scs {
		inputs.Dirs = append(inputs.Dirs, sc.Base)
	}
	if err := od.checkInputs(c, inputs); err != nil {
		return err
	}
	if err := checkOutFile(c, "xlsx", opts.XLSX, xlsxExts, opts.Force, outInputs{Dirs: inputs.Dirs}); err != nil {
		return err
	}
	so := solver.Options{Seed: opts.Seed, Threads: 1, Iterations: opts.Iterations}
	steps := newStepLog(opts.IO)
	finished := 0
	outs := planAll(c.Context(), scs, so, opts.Workers, func(i int, o *scenarios.Outcome) {
		finished++
		meet := "not every part meets I1-I3"
		if o.Summary.AllMeet {
			meet = "every part meets I1-I3"
		}
		steps.done("[%d/%d] %s: %d moved, total %.2f, gap %.3f%%, %s",
			finished, len(scs), scs[i].Name, o.Summary.Quota.Moved, o.Summary.Total, 100*o.Summary.Gap, meet)
	})
	steps.close()
	if err := c.Context().Err(); err != nil {
		return err
	}
	tab := document.Comparison(scs, outs)
	if err := document.WriteTable(opts.IO.Out, tab); err != nil {
		return err
	}
	// The workbook is built first and written last: a folder that cannot
	// be written leaves no workbook of its comparison behind.
	var xl []byte
	if opts.XLSX != "" {
		var err error
		if xl, err = document.TableXLSX(tab); err != nil {
			return fmt.Errorf("comparison workbook: %w", err)
		}
	}
	writeXLSX := func() error {
		if xl == nil {
			return nil
		}
		if err := writeFileAtomic(opts.XLSX, xl); err != nil {
			return fmt.Errorf("write %s: %w", opts.XLSX, err)
		}
		return nil
	}
	if od == nil {
		return writeXLSX()
	}
	out := od.path
	dirs := scenarioDirs(scs)
	if err := od.write(func(dir string) error {
		if err := os.WriteFile(filepath.Join(dir, "comparison.csv"), document.TableCSV(tab), 0o644); err != nil {
			return err
		}
		xl, err := document.TableXLSX(tab)
		if err != nil {
			return fmt.Errorf("comparison.xlsx: %w", err)
		}
		if err := os.WriteFile(filepath.Join(dir, "comparison.xlsx"), xl, 0o644); err != nil {
			return err
		}
		for i, sc := range scs {
			sub := filepath.Join(dir, dirs[i])
			if err := os.Mkdir(sub, 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(sub, "plan.csv"), document.PlanCSV(sc.Instance, outs[i].Report, opts.Lang), 0o644); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(sub, "schools.csv"), document.PartsCSV(outs[i].Report, opts.Lang), 0o644); err != nil {
				return err
			}
			res := *outs[i].Result
			res.Elapsed = 0 // the same run gives the same bytes
			wb, err := document.Workbook(document.Data{In: sc.Instance, Report: outs[i].Report, Result: &res,
				Prov: newProvenance(sc.Instance, sc.Base), Lang: opts.Lang})
			if err != nil {
				return fmt.Errorf("%s workbook: %w", sc.Name, err)
			}
			if err := os.WriteFile(filepath.Join(sub, "plan.xlsx"), wb, 0o644); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	fmt.Fprintf(opts.IO.ErrOut, "wrote %s\n", out)
	return writeXLSX()
}

// planAll plans the scenarios on a pool of workers; the outcomes are in
// the order of scs whatever the pool size. done, if not nil, is called
// with each scenario's index and outcome as it is planned, one call at a
// time.
func planAll(ctx context.Context, scs []*scenarios.Scenario, so solver.Options, workers int, done func(i int, o *scenarios.Outcome)) []*scenarios.Outcome {
	outs := make([]*scenarios.Outcome, len(scs))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range min(workers, len(scs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				outs[i] = scenarios.Plan(ctx, scs[i].Instance, so)
				if done != nil {
					mu.Lock()
					done(i, outs[i])
					mu.Unlock()
				}
			}
		}()
	}
	for i := range scs {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return outs
}

// scenarioDirs names the output sub-folder of each scenario after its
// name, made safe for file systems and unique: unique when case is
// ignored too, as it is on Windows and macOS, and a suffixed name never
// takes the name of another scenario. Windows device names (CON, NUL,
// COM1 …) get a leading _, a trailing dot or space becomes _, and a name
// keeps at most maxDirRunes characters.
func scenarioDirs(scs []*scenarios.Scenario) []string {
	base := make([]string, len(scs))
	taken := map[string]bool{} // lower-case names of the scenarios as they are
	for i, sc := range scs {
		base[i] = safeDirName(sc.Name)
		taken[strings.ToLower(base[i])] = true
	}
	used := map[string]bool{} // lower-case names given out
	out := make([]string, len(scs))
	for i, name := range base {
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = base[i] + "-" + strconv.Itoa(n)
			if taken[strings.ToLower(name)] {
				name = base[i] // another scenario's own name: try the next
				continue
			}
		}
		used[strings.ToLower(name)] = true
		out[i] = name
	}
	return out
}

// maxDirRunes is the longest name of a scenario's sub-folder, in
// characters: 60 characters of four bytes stay within the 255 bytes of a
// file name.
const maxDirRunes = 60

// safeDirName is the name of a scenario made a folder name that every
// file system accepts.
func safeDirName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '_'
		}
		return r
	}, name)
	if r := []rune(name); len(r) > maxDirRunes {
		name = string(r[:maxDirRunes])
	}
	switch strings.ToLower(name) {
	case "", ".", "..":
		return "scenario"
	case "comparison.csv", "comparison.xlsx", markerName:
		return "_" + name // the files of the folder itself
	}
	if strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		name = name[:len(name)-1] + "_"
	}
	stem, _, _ := strings.Cut(strings.ToUpper(name), ".")
	switch {
	case stem == "CON", stem == "PRN", stem == "AUX", stem == "NUL",
		len(stem) == 4 && (strings.HasPrefix(stem, "COM") || strings.HasPrefix(stem, "LPT")) && stem[3] >= '1' && stem[3] <= '9':
		name = "_" + name
	}
	return name
}
