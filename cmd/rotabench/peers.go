package main

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rotaplan/rotaplan/solver"
)

// killAfter is how long a peer with the given time limit may run on the
// model file before it is killed: its limit, plus half of it, two minutes
// and a second per 512 KiB of model for reading it and writing the solution
// (HiGHS's WebAssembly build reads a prefecture LP for minutes, and time
// limits are not checked during presolve).
func killAfter(limit time.Duration, model string) time.Duration {
	d := limit + limit/2 + 2*time.Minute
	if st, err := os.Stat(model); err == nil {
		d += time.Duration(st.Size()>>19) * time.Second
	}
	return d
}

// runCommand runs a solver with its output in logPath, killing it after
// kill or when ctx ends, and returns the wall time.
func runCommand(ctx context.Context, kill time.Duration, logPath, name string, args ...string) (time.Duration, error) {
	logf, err := os.Create(logPath)
	if err != nil {
		return 0, fmt.Errorf("create log: %w", err)
	}
	defer logf.Close()
	ctx, cancel := context.WithTimeout(ctx, kill)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	if err != nil {
		if ctx.Err() != nil {
			return wall, fmt.Errorf("%s killed after %v: %w", name, wall.Round(time.Second), ctx.Err())
		}
		return wall, fmt.Errorf("%s: %w (see %s)", name, err, logPath)
	}
	return wall, nil
}

// runCBC solves the LP file with CBC to a zero gap within the limit, in
// wall-clock time (CBC counts CPU time unless told otherwise).
func runCBC(ctx context.Context, ev *solver.Evaluator, lp, dir string, limit time.Duration) Run {
	r := Run{Peer: "cbc"}
	cbc, err := exec.LookPath("cbc")
	if err != nil {
		r.Error = "cbc is not on PATH (apt-get install coinor-cbc)"
		return r
	}
	logPath, sol := filepath.Join(dir, "cbc.log"), filepath.Join(dir, "cbc.sol")
	os.Remove(sol)
	secs := strconv.FormatFloat(limit.Seconds(), 'f', 0, 64)
	wall, err := runCommand(ctx, killAfter(limit, lp), logPath, cbc, lp, "timeMode", "elapsed", "sec", secs, "ratioGap", "0", "solve", "solu", sol)
	r.Wall = wall.Seconds()
	if err != nil {
		r.Error = err.Error()
		return r
	}
	lf, err := os.Open(logPath)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	res := parseCBCLog(lf)
	lf.Close()
	r.Status, r.Bound, r.Seconds = res.Result, res.Bound, res.Seconds
	if r.Seconds == 0 {
		r.Seconds = r.Wall
	}
	f, err := os.Open(sol)
	if err != nil {
		r.Error = fmt.Sprintf("no solution file: %v", err)
		return r
	}
	defer f.Close()
	s, err := ev.ParseSolution(f)
	if err != nil {
		r.Error = fmt.Sprintf("read %s: %v", sol, err)
		return r
	}
	if strings.Contains(s.Status, "no integer solution") || strings.HasPrefix(s.Status, "Infeasible") {
		r.Error = "no integer solution: " + s.Status
		return r
	}
	var reported *float64
	if !math.IsNaN(s.Objective) {
		reported = ptr(s.Objective)
	}
	r.setScore(ev, s.Plan, reported)
	r.Proven = res.Result == "Optimal solution found" && reported != nil && near(*r.Objective, *reported)
	if r.Proven && r.Bound == nil {
		r.Bound = ptr(*reported)
	}
	r.finish()
	return r
}

// cbcResult is what CBC's log says at the end of a solve.
type cbcResult struct {
	Result    string   // "Optimal solution found", "Stopped on time limit", …
	Objective *float64 // best integer solution
	Bound     *float64 // best bound ("Lower bound:"), nil when CBC gives none
	Seconds   float64  // "Time (Wallclock seconds):"
}

// parseCBCLog reads the summary CBC prints after "Result - ".
func parseCBCLog(r io.Reader) cbcResult {
	var res cbcResult
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	inResult := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if v, ok := strings.CutPrefix(line, "Result - "); ok {
			res = cbcResult{Result: strings.TrimSpace(v)}
			inResult = true
			continue
		}
		if !inResult {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil {
			continue
		}
		switch strings.TrimSpace(key) {
		case "Objective value":
			res.Objective = ptr(f)
		case "Lower bound":
			res.Bound = ptr(f)
		case "Time (Wallclock seconds)":
			res.Seconds = f
		}
	}
	return res
}

// highsScript is the node program that drives the HiGHS WebAssembly build.
//
//go:embed highs.cjs
var highsScript []byte

// highsSetup locates node, the highs npm package and the driver script.
type highsSetup struct {
	node, module, script string
}

// installHighs installs the npm package highs@version into cache (unless
// that version is there) and writes the driver script beside it.
func installHighs(ctx context.Context, cache, version string, log io.Writer) (*highsSetup, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, errors.New("node is not on PATH: HiGHS runs under node")
	}
	cache, err = filepath.Abs(cache)
	if err != nil {
		return nil, fmt.Errorf("cache folder: %w", err)
	}
	h := &highsSetup{node: node, module: filepath.Join(cache, "node_modules", "highs"), script: filepath.Join(cache, "highs.cjs")}
	if installedVersion(h.module) != version {
		npm, err := exec.LookPath("npm")
		if err != nil {
			return nil, errors.New("npm is not on PATH: needed once to install HiGHS")
		}
		if err := os.MkdirAll(cache, 0o755); err != nil {
			return nil, fmt.Errorf("create cache: %w", err)
		}
		fmt.Fprintf(log, "rotabench: installing highs@%s into %s\n", version, cache)
		cmd := exec.CommandContext(ctx, npm, "install", "--prefix", cache, "--no-save", "--no-audit", "--no-fund", "highs@"+version)
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("npm install highs@%s: %w", version, err)
		}
		if got := installedVersion(h.module); got != version {
			return nil, fmt.Errorf("npm installed highs %q, want %s", got, version)
		}
	}
	if err := os.WriteFile(h.script, highsScript, 0o644); err != nil {
		return nil, fmt.Errorf("write %s: %w", h.script, err)
	}
	return h, nil
}

func installedVersion(module string) string {
	b, err := os.ReadFile(filepath.Join(module, "package.json"))
	if err != nil {
		return ""
	}
	var pkg struct {
		Version string `json:"version"`
	}
	if json.Unmarshal(b, &pkg) != nil {
		return ""
	}
	return pkg.Version
}

// highsOutput is the JSON highs.cjs writes.
type highsOutput struct {
	Status    string             `json:"status"`
	Objective *float64           `json:"objective"`
	Bound     *float64           `json:"bound"`
	Time      float64            `json:"time"`
	Columns   map[string]float64 `json:"columns"`
}

// run solves the LP file with HiGHS to a zero gap within the limit.
func (h *highsSetup) run(ctx context.Context, ev *solver.Evaluator, lp, dir string, limit time.Duration) Run {
	r := Run{Peer: "highs"}
	out := filepath.Join(dir, "highs.json")
	os.Remove(out)
	secs := strconv.FormatFloat(limit.Seconds(), 'f', -1, 64)
	wall, err := runCommand(ctx, killAfter(limit, lp), filepath.Join(dir, "highs.log"), h.node,
		"--max-old-space-size=8192", h.script, "--module", h.module, "--time-limit", secs, "--gap", "0", "--out", out, "--log", lp)
	r.Wall = wall.Seconds()
	if err != nil {
		r.Error = err.Error()
		return r
	}
	b, err := os.ReadFile(out)
	if err != nil {
		r.Error = fmt.Sprintf("no result: %v", err)
		return r
	}
	var res highsOutput
	if err := json.Unmarshal(b, &res); err != nil {
		r.Error = fmt.Sprintf("read %s: %v", out, err)
		return r
	}
	r.Status, r.Bound, r.Seconds = res.Status, res.Bound, res.Time
	if res.Objective == nil {
		r.Error = "no solution: " + res.Status
		return r
	}
	p, err := ev.PlanOfColumns(res.Columns)
	if err != nil {
		r.Error = fmt.Sprintf("read %s: %v", out, err)
		return r
	}
	r.setScore(ev, p, res.Objective)
	r.Proven = res.Status == "optimal" && near(*r.Objective, *res.Objective)
	r.finish()
	return r
}
