package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/xuri/excelize/v2"

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
(UTF-8 with BOM), comparison.xlsx and, per scenario, NAME/plan.csv and NAME/schools.csv.`,
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
	f.Var(newEnum(&opts.Lang, "zh", langs...), "lang", "language of the plan CSV and workbook headers and values: zh, en")
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
	outs := planAll(c.Context(), scs, so, opts.Workers)
	if err := c.Context().Err(); err != nil {
		return err
	}
	tab := comparison(scs, outs)
	if err := writeTable(opts.IO.Out, tab); err != nil {
		return err
	}
	if opts.XLSX != "" {
		xl, err := tableXLSX(tab)
		if err != nil {
			return fmt.Errorf("comparison workbook: %w", err)
		}
		if err := writeFileAtomic(opts.XLSX, xl); err != nil {
			return fmt.Errorf("write %s: %w", opts.XLSX, err)
		}
	}
	if od == nil {
		return nil
	}
	out := od.path
	dirs := scenarioDirs(scs)
	if err := od.write(func(dir string) error {
		if err := os.WriteFile(filepath.Join(dir, "comparison.csv"), tableCSV(tab), 0o644); err != nil {
			return err
		}
		xl, err := tableXLSX(tab)
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
			if err := os.WriteFile(filepath.Join(sub, "plan.csv"), planCSV(sc.Instance, outs[i].Report, opts.Lang), 0o644); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(sub, "schools.csv"), partsCSV(outs[i].Report, opts.Lang), 0o644); err != nil {
				return err
			}
			res := *outs[i].Result
			res.Elapsed = 0 // the same run gives the same bytes
			wb, err := workbook(workbookData{In: sc.Instance, Report: outs[i].Report, Result: &res,
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
	return nil
}

// planAll plans the scenarios on a pool of workers; the outcomes are in
// the order of scs whatever the pool size.
func planAll(ctx context.Context, scs []*scenarios.Scenario, so solver.Options, workers int) []*scenarios.Outcome {
	outs := make([]*scenarios.Outcome, len(scs))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(scs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				outs[i] = scenarios.Plan(ctx, scs[i].Instance, so)
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
// name, made safe for file systems and unique.
func scenarioDirs(scs []*scenarios.Scenario) []string {
	used := map[string]int{}
	out := make([]string, len(scs))
	for i, sc := range scs {
		name := strings.Map(func(r rune) rune {
			if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
				return '_'
			}
			return r
		}, sc.Name)
		if name == "" || name == "." || name == ".." {
			name = "scenario"
		}
		used[name]++
		if used[name] > 1 {
			name += "-" + strconv.Itoa(used[name])
		}
		out[i] = name
	}
	return out
}

// table is a comparison: a header row and labelled rows of cells.
type table struct {
	head []string
	rows [][]string
}

// comparison lays out the summaries of the scenarios side by side.
func comparison(scs []*scenarios.Scenario, outs []*scenarios.Outcome) table {
	t := table{head: []string{"指标 (figure)"}}
	for _, sc := range scs {
		t.head = append(t.head, sc.Name)
	}
	add := func(label string, cell func(s *scenarios.Summary) string) {
		row := []string{label}
		for _, o := range outs {
			row = append(row, cell(&o.Summary))
		}
		t.rows = append(t.rows, row)
	}
	itoa := strconv.Itoa
	add("符合条件 eligible", func(s *scenarios.Summary) string { return itoa(s.Quota.Eligible) })
	add("应交流 required", func(s *scenarios.Summary) string { return itoa(s.Quota.Required) })
	add("交流 moved", func(s *scenarios.Summary) string { return itoa(s.Quota.Moved) })
	add("骨干 backbone moved/required", func(s *scenarios.Summary) string {
		return itoa(s.Quota.BackboneMoved) + "/" + itoa(s.Quota.BackboneRequired)
	})
	for _, st := range model.Stages {
		add(st.ZH()+"达标校 compliant "+st.String()+" parts", func(s *scenarios.Summary) string {
			for _, c := range s.Compliance {
				if c.Stage == st.String() {
					return fmt.Sprintf("%d→%d/%d", c.Before, c.After, c.Parts)
				}
			}
			return "-"
		})
	}
	for _, st := range model.Stages {
		for k := range model.NumTeacherIndicators {
			ind := model.Indicator(k)
			add(fmt.Sprintf("%s差异系数 CV %s %s", st.ZH(), st, ind.Code()), func(s *scenarios.Summary) string {
				if v := s.CV[st][k]; !math.IsNaN(v) {
					return num(v, 3)
				}
				return "-"
			})
		}
	}
	add("剩余缺口 medium deficit left", func(s *scenarios.Summary) string { return num(s.Medium, 2) })
	add("交流人次 moves", func(s *scenarios.Summary) string { return itoa(s.Moves) })
	add("总距离 total km", func(s *scenarios.Summary) string { return num(s.Km, 1) })
	add("非自愿 non-volunteer moves", func(s *scenarios.Summary) string { return itoa(s.NonVolunteer) })
	add("目标值 objective", func(s *scenarios.Summary) string { return num(s.Total, 2) })
	add("下界 bound", func(s *scenarios.Summary) string { return num(s.Bound, 2) })
	add("差距 gap %", func(s *scenarios.Summary) string { return num(100*s.Gap, 3) })
	add("I1-I3 全部达标 all parts meet I1-I3", func(s *scenarios.Summary) string { return yesNo(s.AllMeet, "en") })
	return t
}

// width is the display width of s: CJK characters take two columns.
func width(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) || (r >= 0xf900 && r <= 0xfaff) || (r >= 0xff00 && r <= 0xff60)) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// writeTable prints the table with aligned columns.
func writeTable(w io.Writer, t table) error {
	all := append([][]string{t.head}, t.rows...)
	cols := make([]int, len(t.head))
	for _, r := range all {
		for i, c := range r {
			cols[i] = max(cols[i], width(c))
		}
	}
	var b bytes.Buffer
	for _, r := range all {
		for i, c := range r {
			pad := strings.Repeat(" ", cols[i]-width(c))
			switch {
			case i == 0:
				b.WriteString(c + pad)
			default:
				b.WriteString("  " + pad + c)
			}
		}
		b.WriteByte('\n')
	}
	_, err := w.Write(b.Bytes())
	return err
}

// tableCSV is the table as CSV, UTF-8 with BOM.
func tableCSV(t table) []byte {
	var b bytes.Buffer
	w := newCSVWriter(&b)
	w.Write(t.head)
	for _, r := range t.rows {
		w.Write(r)
	}
	w.Flush()
	return b.Bytes()
}

// tableXLSX is the table as a one-sheet workbook; cells that are plain
// numbers are stored as numbers.
func tableXLSX(t table) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const name = "对比 comparison"
	if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
		return nil, err
	}
	for r, row := range append([][]string{t.head}, t.rows...) {
		for c, v := range row {
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return nil, err
			}
			var val any = v
			if x, err := strconv.ParseFloat(v, 64); err == nil && r > 0 && c > 0 {
				val = x
			}
			if err := f.SetCellValue(name, cell, val); err != nil {
				return nil, err
			}
		}
	}
	if err := f.SetColWidth(name, "A", "A", 36); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
