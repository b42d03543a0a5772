package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/rotaplan/rotaplan/solver"
)

// Instance is the benchmark of one generated county.
type Instance struct {
	Name     string `json:"name"`
	Size     string `json:"size"`
	Seed     int64  `json:"seed"`
	Teachers int    `json:"teachers"`
	Eligible int    `json:"eligible"`
	Moves    int    `json:"move_columns"` // x columns: teacher × candidate pairs
	Vars     int    `json:"columns"`
	Rows     int    `json:"rows"`
	Nonzeros int    `json:"nonzeros"`
	LPBytes  int64  `json:"lp_bytes"`
	Runs     []Run  `json:"runs"`
	// TimeToTarget is rotaplan's run to 1.001 × the best proven optimum;
	// nil when no peer proved one.
	TimeToTarget *Target `json:"time_to_target,omitempty"`
}

// Run is one solver's result on an instance. Objective is always the
// evaluation core's score of the solver's plan; Reported is what the
// solver itself said.
type Run struct {
	Peer      string   `json:"peer"`
	Status    string   `json:"status,omitempty"`
	Objective *float64 `json:"objective"`
	Reported  *float64 `json:"reported_objective,omitempty"`
	Bound     *float64 `json:"bound"`
	Gap       *float64 `json:"gap"` // (objective − bound) / objective
	Proven    bool     `json:"proven_optimal"`
	Hard      *int     `json:"hard,omitempty"`
	Moved     int      `json:"moved"`
	Seconds   float64  `json:"seconds"`                // the solver's own solve time
	Wall      float64  `json:"wall_seconds,omitempty"` // the process, reading the model included
	Error     string   `json:"error,omitempty"`
}

// Target is rotaplan's time to reach 1.001 × the best proven optimum, and
// its ratio to each peer's time to prove optimality.
type Target struct {
	Target  float64            `json:"target"`
	Reached bool               `json:"reached"`
	Best    *float64           `json:"best,omitempty"` // rotaplan's best total in the run
	Seconds float64            `json:"seconds,omitempty"`
	Ratio   map[string]float64 `json:"ratio_to_peer,omitempty"`
	Error   string             `json:"error,omitempty"`
}

// setScore rescores a plan with the core.
func (r *Run) setScore(ev *solver.Evaluator, p solver.Plan, reported *float64) {
	s := ev.Score(p)
	r.Objective, r.Hard, r.Moved, r.Reported = ptr(s.Total), &s.Hard, p.Moves(), reported
}

// finish computes the gap.
func (r *Run) finish() {
	if r.Objective != nil && r.Bound != nil {
		r.Gap = ptr((*r.Objective - *r.Bound) / math.Max(math.Abs(*r.Objective), 1e-9))
	}
}

func ptr[T any](v T) *T { return &v }

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(a)) }

func fmtPtr(v *float64) string {
	if v == nil {
		return "–"
	}
	return strconv.FormatFloat(*v, 'f', 2, 64)
}

// writeResults writes results.json and results.md into dir, atomically.
func writeResults(dir string, results []*Instance) error {
	js, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		return fmt.Errorf("encode results: %w", err)
	}
	if err := writeAtomic(filepath.Join(dir, "results.json"), append(js, '\n')); err != nil {
		return err
	}
	var md bytes.Buffer
	md.WriteString("# rotabench\n\n")
	if err := writeTable(&md, results); err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, "results.md"), md.Bytes())
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// writeTable writes the results as a markdown table: the instance, then
// per solver the rescored objective, bound, gap and seconds, then
// rotaplan's time to target and its ratio to each peer's proof time.
func writeTable(w io.Writer, results []*Instance) error {
	var solvers []string
	for _, res := range results {
		for _, r := range res.Runs {
			if !slices.Contains(solvers, r.Peer) {
				solvers = append(solvers, r.Peer)
			}
		}
	}
	head := []string{"instance", "teachers", "eligible", "vars", "rows", "nonzeros"}
	for _, s := range solvers {
		head = append(head, s+" obj", s+" bound", s+" gap", s+" s")
	}
	head = append(head, "target", "rotaplan s to target")
	for _, s := range solvers {
		if s != "rotaplan" {
			head = append(head, "ratio to "+s)
		}
	}
	var b strings.Builder
	row := func(cells []string) {
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	row(head)
	sep := make([]string, len(head))
	for i := range sep {
		sep[i] = "---"
	}
	row(sep)
	for _, res := range results {
		cells := []string{res.Name, itoa(res.Teachers), itoa(res.Eligible), itoa(res.Vars), itoa(res.Rows), itoa(res.Nonzeros)}
		for _, s := range solvers {
			r := findRun(res, s)
			switch {
			case r == nil:
				cells = append(cells, "", "", "", "")
			case r.Error != "":
				cells = append(cells, "error", "", "", "")
			default:
				obj := fmtPtr(r.Objective)
				if r.Proven {
					obj += " (opt)"
				}
				gap := "–"
				if r.Gap != nil {
					gap = strconv.FormatFloat(100**r.Gap, 'f', 3, 64) + "%"
				}
				cells = append(cells, obj, fmtPtr(r.Bound), gap, strconv.FormatFloat(r.Seconds, 'f', 2, 64))
			}
		}
		tt := res.TimeToTarget
		switch {
		case tt == nil:
			cells = append(cells, "–", "–")
		case tt.Error != "":
			cells = append(cells, strconv.FormatFloat(tt.Target, 'f', 2, 64), "error")
		case !tt.Reached:
			cells = append(cells, strconv.FormatFloat(tt.Target, 'f', 2, 64), "not reached (best "+fmtPtr(tt.Best)+")")
		default:
			cells = append(cells, strconv.FormatFloat(tt.Target, 'f', 2, 64), strconv.FormatFloat(tt.Seconds, 'f', 2, 64))
		}
		for _, s := range solvers {
			if s == "rotaplan" {
				continue
			}
			if v, ok := tt.ratio(s); ok {
				cells = append(cells, strconv.FormatFloat(v, 'g', 3, 64))
			} else {
				cells = append(cells, "–")
			}
		}
		row(cells)
	}
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}

func (t *Target) ratio(peer string) (float64, bool) {
	if t == nil || !t.Reached {
		return 0, false
	}
	v, ok := t.Ratio[peer]
	return v, ok
}

func findRun(res *Instance, peer string) *Run {
	for i := range res.Runs {
		if res.Runs[i].Peer == peer {
			return &res.Runs[i]
		}
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
