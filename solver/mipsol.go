package solver

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// MIPSolution is a MIP solver's answer read back: the plan its x columns
// describe, and what the solver said about it.
type MIPSolution struct {
	Plan Plan
	// Status is the solver's word for the outcome, such as "Optimal" or
	// "Stopped on time"; empty when the file does not say.
	Status string
	// Objective is the objective value the solver reported, NaN when the
	// file does not report one.
	Objective float64
}

// ReadSolution reads a solver's solution of the program of ev.MIP() and
// returns the plan it describes; see ParseSolution for the formats.
func (ev *Evaluator) ReadSolution(r io.Reader) (Plan, error) {
	s, err := ev.ParseSolution(r)
	if err != nil {
		return Plan{}, err
	}
	return s.Plan, nil
}

// ParseSolution reads a solution of the program of ev.MIP(), with the
// status and objective the solver reported. It accepts
//
//   - CBC's solution file (`cbc model.lp solve solu out.txt`): a first line
//     such as "Optimal - objective value 123", then "index name value
//     reduced_cost" lines, possibly marked "**";
//   - HiGHS's solution file (`highs --solution_file out.sol`): "Model
//     status", "# Primal solution values", "Objective v", then "# Columns n"
//     followed by "name value" lines (later sections are skipped);
//   - a plain list of "name value" lines ('#' starts a comment).
//
// Columns x_<t>_<c> with value above 0.5 are moves of teacher t to its
// candidate c; other columns are ignored. A column the model does not have
// or two moves of one teacher are errors.
func (ev *Evaluator) ParseSolution(r io.Reader) (*MIPSolution, error) {
	sol := &MIPSolution{Plan: NewPlan(len(ev.In.Teachers)), Objective: math.NaN()}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	const (
		values  = iota // name value lines: plain lists and HiGHS columns
		status         // the line after "Model status"
		primal         // HiGHS header of the primal values
		skipped        // HiGHS rows, duals, basis
	)
	section := values
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		if line == 1 {
			if st, obj, ok := cbcHeader(text); ok {
				sol.Status, sol.Objective = st, obj
				continue
			}
		}
		if rest, ok := strings.CutPrefix(text, "Model status"); ok {
			sol.Status = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), ":"))
			if sol.Status == "" {
				section = status
			}
			continue
		}
		if section == status {
			sol.Status, section = text, values
			continue
		}
		if strings.HasPrefix(text, "#") {
			switch h := strings.ToLower(text); {
			case strings.HasPrefix(h, "# primal solution values"):
				section = primal
			case strings.HasPrefix(h, "# columns"):
				section = values
			case strings.HasPrefix(h, "# rows"), strings.HasPrefix(h, "# dual"), strings.HasPrefix(h, "# basis"):
				section = skipped
			}
			continue
		}
		switch section {
		case skipped:
			continue
		case primal:
			if v, ok := strings.CutPrefix(text, "Objective"); ok {
				obj, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimPrefix(v, ":")), 64)
				if err != nil {
					return nil, fmt.Errorf("line %d: bad objective %q: %w", line, text, err)
				}
				sol.Objective = obj
			}
			continue // "Feasible", "Infeasible", "None"
		}
		name, val, err := nameValue(text)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if err := ev.setMove(sol.Plan, name, val); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("line %d: longer than %d bytes, not a solution file's line", line+1, 1<<20)
		}
		return nil, fmt.Errorf("read solution: %w", err)
	}
	return sol, nil
}

// cbcHeader parses CBC's first solution line, "<status> - objective value <v>".
func cbcHeader(text string) (status string, obj float64, ok bool) {
	st, v, found := strings.Cut(text, " - objective value ")
	if !found {
		return "", 0, false
	}
	obj, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return "", 0, false
	}
	return strings.TrimSpace(st), obj, true
}

// nameValue splits a column line: "name value" or CBC's "index name value
// reduced_cost", possibly prefixed by "**" (CBC's mark of a violated bound).
func nameValue(text string) (string, float64, error) {
	f := strings.Fields(strings.TrimPrefix(text, "**"))
	if len(f) >= 3 {
		if _, err := strconv.Atoi(f[0]); err == nil {
			f = f[1:]
		}
	}
	if len(f) < 2 {
		return "", 0, fmt.Errorf("want a column name and a value, got %q", text)
	}
	v, err := strconv.ParseFloat(f[1], 64)
	if err != nil {
		return "", 0, fmt.Errorf("bad value of column %s: %w", f[0], err)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "", 0, fmt.Errorf("bad value of column %s: %s, want a finite number", f[0], f[1])
	}
	return f[0], v, nil
}

var errNotMove = errors.New("not a move column")

// setMove records column name = value in the plan when it is a move.
func (ev *Evaluator) setMove(p Plan, name string, v float64) error {
	t, c, err := parseX(name)
	if errors.Is(err, errNotMove) {
		return nil
	}
	if err != nil || t >= len(ev.Cands) || c >= len(ev.Cands[t]) {
		return fmt.Errorf("column %s is not in the model", name)
	}
	if !(v > 0.5) {
		return nil
	}
	if p.Dest[t] != Stay {
		return fmt.Errorf("teacher %s (column %s) moves twice", ev.In.Teachers[t].ID, name)
	}
	p.Dest[t] = ev.Cands[t][c].School
	return nil
}

// parseX splits x_<t>_<c>.
func parseX(name string) (t, c int, err error) {
	rest, ok := strings.CutPrefix(name, "x_")
	if !ok {
		return 0, 0, errNotMove
	}
	ts, cs, ok := strings.Cut(rest, "_")
	if !ok {
		return 0, 0, fmt.Errorf("bad move column %q", name)
	}
	t, err1 := strconv.Atoi(ts)
	c, err2 := strconv.Atoi(cs)
	if err1 != nil || err2 != nil || t < 0 || c < 0 {
		return 0, 0, fmt.Errorf("bad move column %q", name)
	}
	return t, c, nil
}

// PlanOfColumns builds the plan of a set of column values, such as the
// JSON a solver wrapper prints; names and errors are as in ParseSolution.
func (ev *Evaluator) PlanOfColumns(cols map[string]float64) (Plan, error) {
	p := NewPlan(len(ev.In.Teachers))
	// Map order is random; errors must not depend on it, so names are sorted.
	names := make([]string, 0, len(cols))
	for name := range cols {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := ev.setMove(p, name, cols[name]); err != nil {
			return Plan{}, err
		}
	}
	return p, nil
}
