package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata")

// fastPlan are the search flags of the tests: a small budget that still
// meets the quota on the sample county, and no time limit, so that a run
// on a loaded machine gives the same plan as any other. Most of the time
// of such a run goes to the lower bound.
var fastPlan = []string{"--iterations", "2000", "--time-limit", "0", "--threads", "2", "--seed", "1"}

// quick are flags that stop the search as soon as the bound proves the
// plan within 50%, usually right after the construction: for tests of the
// command rather than of the search.
var quick = []string{"--gap", "0.5"}

// planArgs is "plan DIR --out OUT" with the fast search flags and extra.
func planArgs(dir, out string, extra ...string) []string {
	args := append([]string{"plan", dir, "--out", out}, fastPlan...)
	return append(args, extra...)
}

// shared is the plan of the sample county with the fast flags, made once
// for the tests that only read it; TestMain removes it.
var shared struct {
	once sync.Once
	tmp  string
	out  string
	r    result
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.tmp != "" {
		os.RemoveAll(shared.tmp)
	}
	os.Exit(code)
}

// samplePlan returns the folder of the shared plan of the sample county
// (Chinese headers) and the run that made it. Tests must not change it.
func samplePlan(t *testing.T) (string, result) {
	t.Helper()
	shared.once.Do(func() {
		if shared.tmp, shared.err = os.MkdirTemp("", "rotaplan-plan-test-*"); shared.err != nil {
			return
		}
		shared.out = filepath.Join(shared.tmp, "plan")
		shared.r = run(t, planArgs(sampleCounty, shared.out)...)
		if shared.r.code != exitOK {
			shared.err = fmt.Errorf("plan of the sample county: got exit %d, want 0; stderr:\n%s", shared.r.code, shared.r.stderr)
		}
	})
	require.NoError(t, shared.err)
	return shared.out, shared.r
}

// smallCounty generates the small county of seed 3 into a new temporary
// folder and returns it.
func smallCounty(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "small")
	r := run(t, "gen", "--size", "small", "--seed", "3", "--out", dir)
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	return dir
}

// mustPlan plans dir into out and fails the test unless it succeeds.
func mustPlan(t *testing.T, dir, out string, extra ...string) result {
	t.Helper()
	r := run(t, planArgs(dir, out, extra...)...)
	require.Equal(t, exitOK, r.code, "got exit %d, want 0; stderr:\n%s", r.code, r.stderr)
	return r
}

// planFileJSON mirrors the documented keys of plan.json (README, "JSON
// keys"); decoding into it rather than into planJSON checks the key names.
type planFileJSON struct {
	Provenance struct {
		Tool    string `json:"tool"`
		Version string `json:"version"`
		Dataset string `json:"dataset"`
		Inputs  []struct {
			Name     string `json:"name"`
			SHA256   string `json:"sha256"`
			Encoding string `json:"encoding"`
		} `json:"inputs"`
		Policy     string  `json:"policy"`
		PolicyHash string  `json:"policy_sha256"`
		Seed       uint64  `json:"seed"`
		Threads    int     `json:"threads"`
		Iterations int64   `json:"iterations"`
		Gap        float64 `json:"gap_target"`
	} `json:"provenance"`
	Status string      `json:"status"`
	Bound  float64     `json:"bound"`
	Gap    float64     `json:"gap"`
	Report *reportJSON `json:"report"`
}

// reportJSON mirrors the documented keys of a report.
type reportJSON struct {
	Score struct {
		Hard     int     `json:"hard"`
		Medium   float64 `json:"medium"`
		Soft     float64 `json:"soft"`
		Total    float64 `json:"total"`
		Feasible bool    `json:"feasible"`
	} `json:"score"`
	Quota struct {
		Eligible         int `json:"eligible"`
		Required         int `json:"required"`
		Moved            int `json:"moved"`
		BackboneMoved    int `json:"backbone_moved"`
		BackboneRequired int `json:"backbone_required"`
	} `json:"quota"`
	Defense solver.Defense `json:"defense"`
	CV      []struct {
		Stage     string   `json:"stage"`
		Indicator string   `json:"indicator"`
		Limit     float64  `json:"limit"`
		Before    *float64 `json:"before"`
		After     *float64 `json:"after"`
	} `json:"cv"`
	Terms []struct {
		Level  string  `json:"level"`
		Name   string  `json:"name"`
		Amount float64 `json:"amount"`
	} `json:"terms"`
	Moves []struct {
		TeacherID string `json:"teacher_id"`
		From      string `json:"from_school_id"`
		To        string `json:"to_school_id"`
	} `json:"moves"`
	Invalid []struct {
		TeacherID string `json:"teacher_id"`
		To        string `json:"to_school_id"`
		Why       string `json:"why"`
	} `json:"invalid_moves"`
}

// term returns the amount of the named term of the report.
func (r *reportJSON) term(t *testing.T, name string) float64 {
	t.Helper()
	for _, tm := range r.Terms {
		if tm.Name == name {
			return tm.Amount
		}
	}
	t.Fatalf("no term %q in the report", name)
	return 0
}

func readPlanJSON(t *testing.T, path string) planFileJSON {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var p planFileJSON
	require.NoError(t, json.Unmarshal(b, &p), "%s:\n%s", path, b)
	require.NotNil(t, p.Report, "%s has no report", path)
	return p
}

// readCSV reads a UTF-8 CSV file written by rotaplan: it must start with a
// BOM, which is stripped.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	body, ok := bytes.CutPrefix(b, []byte(document.UTF8BOM))
	require.True(t, ok, "%s: got first bytes % x, want the UTF-8 BOM ef bb bf", path, b[:min(3, len(b))])
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, rows, "%s has no header", path)
	return rows
}

// colIndex returns the index of name in a header row.
func colIndex(t *testing.T, header []string, name string) int {
	t.Helper()
	i := slices.Index(header, name)
	require.GreaterOrEqual(t, i, 0, "no column %q in %q", name, header)
	return i
}

// copyDataset copies the files of a dataset folder into a new temporary
// folder and returns it.
func copyDataset(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	require.NoError(t, os.Mkdir(dst, 0o755))
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644))
	}
	return dst
}

func loadInstance(t *testing.T, dir string) *model.Instance {
	t.Helper()
	in, _, err := model.Load(dir, model.LoadOptions{})
	require.NoError(t, err)
	return in
}

func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func TestPlanOutputs(t *testing.T) {
	in := loadInstance(t, sampleCounty)
	tests := []struct {
		lang       string
		plan       func(t *testing.T) (out string, r result)
		wantHeader []string
		teacher    string // teacher ID column
		to         string // receiving school column
		schools    string // first column of schools.csv
	}{
		{"zh", samplePlan, []string{"序号", "教职工号", "姓名", "性别", "学段", "学科", "职称", "学历", "骨干",
			"调出学校代码", "调出学校", "调入学校代码", "调入学校名称", "距离公里", "自愿", "毕业班", "志愿序号", "理由"},
			"教职工号", "调入学校代码", "学校代码"},
		{"en", func(t *testing.T) (string, result) {
			out := filepath.Join(t.TempDir(), "plan")
			return out, mustPlan(t, sampleCounty, out, append([]string{"--lang", "en"}, quick...)...)
		}, []string{"no", "teacher_id", "name", "gender", "stage", "subject", "title", "education", "backbone",
			"from_school_id", "from_school", "to_school_id", "to_school_name", "km", "volunteer", "graduating_class", "wish_rank", "reasons"},
			"teacher_id", "to_school_id", "school_id"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			out, r := tt.plan(t)
			assert.Contains(t, r.stdout, "交流方案评分 (plan score)")
			assert.Contains(t, r.stderr, "wrote "+out)

			files := readDir(t, out)
			for _, name := range []string{"plan.csv", "plan.json", "report.txt", "schools.csv"} {
				assert.Contains(t, files, name)
			}
			assert.Contains(t, files, markerName)
			for name := range files {
				assert.False(t, strings.HasPrefix(name, ".") && name != markerName, "temporary file %s left in the plan folder", name)
			}

			pj := readPlanJSON(t, filepath.Join(out, "plan.json"))
			rep := pj.Report
			q := rep.Quota
			assert.True(t, rep.Score.Feasible, "got an infeasible plan, want a feasible one; hard %d", rep.Score.Hard)
			assert.GreaterOrEqual(t, q.Moved, q.Required, "got %d moved, want at least the %d required", q.Moved, q.Required)
			assert.GreaterOrEqual(t, q.BackboneMoved, q.BackboneRequired, "got %d backbone moved, want at least %d", q.BackboneMoved, q.BackboneRequired)
			assert.Positive(t, q.Required)
			assert.Contains(t, []string{"budget", "gap"}, pj.Status)
			assert.LessOrEqual(t, pj.Bound, rep.Score.Total+1e-6, "got bound %v above total %v", pj.Bound, rep.Score.Total)

			// Provenance: every input with the hash of its bytes, the
			// policy and the settings of the run.
			prov := pj.Provenance
			assert.Equal(t, "rotaplan", prov.Tool)
			assert.Equal(t, "sample-county", prov.Dataset)
			assert.Equal(t, uint64(1), prov.Seed)
			assert.Equal(t, 2, prov.Threads)
			assert.Equal(t, int64(2000), prov.Iterations)
			var inputs []string
			for _, f := range prov.Inputs {
				inputs = append(inputs, f.Name)
				assert.Equal(t, fileSHA256(t, filepath.Join(sampleCounty, f.Name)), f.SHA256, "sha256 of %s", f.Name)
				assert.Equal(t, "utf-8", f.Encoding, "encoding of %s", f.Name)
			}
			assert.ElementsMatch(t, []string{"schools.csv", "teachers.csv", "policy.toml", "history.csv", "wishes.csv", "pairs.csv"}, inputs)
			assert.Contains(t, prov.Policy, "rotation_rate")
			sum := sha256.Sum256([]byte(prov.Policy))
			assert.Equal(t, hex.EncodeToString(sum[:]), prov.PolicyHash, "got policy_sha256 %s, want the hash of the policy text", prov.PolicyHash)

			// plan.csv: BOM, headers in the language asked for, one row per
			// move, every move to a rural or weak school.
			rows := readCSV(t, filepath.Join(out, "plan.csv"))
			assert.Equal(t, tt.wantHeader, rows[0])
			require.Len(t, rows, q.Moved+1, "got %d rows, want a header and %d moves", len(rows), q.Moved)
			ti, to := colIndex(t, rows[0], tt.teacher), colIndex(t, rows[0], tt.to)
			seen := map[string]bool{}
			for i, row := range rows[1:] {
				assert.False(t, seen[row[ti]], "row %d: teacher %s listed twice", i+2, row[ti])
				seen[row[ti]] = true
				s, ok := in.SchoolByID(row[to])
				require.True(t, ok, "row %d: unknown school %s", i+2, row[to])
				sc := &in.Schools[s]
				assert.True(t, sc.Locale == model.Rural || sc.Weak, "row %d: teacher %s moves to %s (%s, locale %s, weak %v), want a rural or weak school",
					i+2, row[ti], sc.ID, sc.Name, sc.Locale, sc.Weak)
				assert.Equal(t, rep.Moves[i].TeacherID, row[ti], "row %d: got teacher %s, want %s as in plan.json", i+2, row[ti], rep.Moves[i].TeacherID)
				assert.NotEmpty(t, row[len(row)-1], "row %d: no reasons", i+2)
			}

			parts := readCSV(t, filepath.Join(out, "schools.csv"))
			assert.Equal(t, tt.schools, parts[0][0])

			report := string(files["report.txt"])
			assert.Contains(t, report, "交流方案评分 (plan score)")
			assert.Contains(t, report, "来源 (provenance): rotaplan")
			assert.Contains(t, report, prov.PolicyHash[:12])
		})
	}
}

// TestPlanDeterministic plans a generated small county twice with the same
// seed, threads and budget: every output file is byte-identical.
func TestPlanDeterministic(t *testing.T) {
	county := smallCounty(t)
	tmp := t.TempDir()
	a, b := filepath.Join(tmp, "a"), filepath.Join(tmp, "b")
	for _, out := range []string{a, b} {
		mustPlan(t, county, out, "--seed", "7")
	}
	fa, fb := readDir(t, a), readDir(t, b)
	require.GreaterOrEqual(t, len(fa), 4)
	require.Len(t, fb, len(fa))
	for name := range fa {
		assert.True(t, bytes.Equal(fa[name], fb[name]), "%s differs between two runs with seed 7", name)
	}
	pj := readPlanJSON(t, filepath.Join(a, "plan.json"))
	assert.Equal(t, uint64(7), pj.Provenance.Seed)
	assert.Equal(t, 2, pj.Provenance.Threads)
	assert.Contains(t, []string{"budget", "gap"}, pj.Status, "got status %s, want the budget used up or the gap reached, not the time limit", pj.Status)
}

func TestPlanExistingOut(t *testing.T) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "out")
	require.NoError(t, os.Mkdir(out, 0o755))
	keep := filepath.Join(out, "notes.txt")
	require.NoError(t, os.WriteFile(keep, []byte("mine"), 0o644))

	for _, extra := range [][]string{nil, {"--force"}} {
		r := run(t, planArgs(sampleCounty, out, extra...)...)
		assert.Equal(t, exitBadInput, r.code, "got exit %d, want 2", r.code)
		assert.Contains(t, r.stderr, out+" is not empty and holds notes.txt, which rotaplan plan does not write")
		assert.Contains(t, r.stderr, "Run 'rotaplan plan --help' for usage.")
		assert.Empty(t, r.stdout, "a refused plan must not search")
		got := readDir(t, out)
		assert.Equal(t, map[string][]byte{"notes.txt": []byte("mine")}, got, "a refused plan must leave the folder alone")
	}

	ours := filepath.Join(tmp, "ours")
	mustPlan(t, sampleCounty, ours, quick...)
	r := run(t, planArgs(sampleCounty, ours, quick...)...)
	assert.Equal(t, exitBadInput, r.code, "got exit %d, want 2", r.code)
	assert.Contains(t, r.stderr, ours+" is not empty; use --force to replace it")
	r = run(t, planArgs(sampleCounty, ours, append(quick, "--force", "--lang", "en")...)...)
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	plan, err := os.ReadFile(filepath.Join(ours, "plan.csv"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(plan), "\ufeffno,teacher_id"), "--force replaces the folder: got the old plan.csv")
	entries, err := os.ReadDir(tmp)
	require.NoError(t, err)
	require.Len(t, entries, 2, "temporary folders left beside the output: %v", entries)

	file := filepath.Join(tmp, "file")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	r = run(t, planArgs(sampleCounty, file, "--force")...)
	assert.Equal(t, exitBadInput, r.code)
	assert.Contains(t, r.stderr, "exists and is not a folder")
}

func TestPlanUsageErrors(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x")
	tests := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{"no dataset", []string{"plan"}, "缺少数据文件夹 DIR (missing dataset folder)"},
		{"missing folder", []string{"plan", "testdata/no-such-folder", "--out", out}, "not a dataset folder"},
		{"zero threads", []string{"plan", sampleCounty, "--threads", "0", "--out", out}, "--threads: got 0, want 1 to 256"},
		{"gap of one", []string{"plan", sampleCounty, "--gap", "1", "--out", out}, "--gap: got 1, want 0 ≤ gap < 1"},
		{"unknown language", []string{"plan", sampleCounty, "--lang", "fr", "--out", out}, `got "fr", want one of zh, en`},
		{"bad time limit", []string{"plan", sampleCounty, "--time-limit", "soon", "--out", out}, `invalid argument "soon" for "--time-limit"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.args...)
			assert.Equal(t, exitBadInput, r.code, "got exit %d, want 2; err %v", r.code, r.err)
			assert.Contains(t, r.stderr, tt.wantStderr)
			assert.Contains(t, r.stderr, "Run 'rotaplan plan --help' for usage.")
			assert.NoDirExists(t, out)
		})
	}
}

func TestPlanBrokenDataset(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x")
	r := run(t, planArgs("testdata/broken", out)...)
	assert.Equal(t, exitBadInput, r.code, "got exit %d, want 2", r.code)
	assert.Contains(t, r.stderr, "schools.csv:3: column type: error:")
	assert.Contains(t, r.stderr, "3 errors in the dataset")
	assert.NoDirExists(t, out)
}

// TestPlanPins plans a small county, then pins three teachers in a copy of
// it: one the first plan moved must stay, one it moved may not go to the
// same school, and one it left must move to a given receiver. The pins come
// from DIR/pins.csv or from --pins.
func TestPlanPins(t *testing.T) {
	county := smallCounty(t)
	first := filepath.Join(t.TempDir(), "first")
	mustPlan(t, county, first, quick...)
	moves := readPlanJSON(t, filepath.Join(first, "plan.json")).Report.Moves
	require.GreaterOrEqual(t, len(moves), 2)
	stay, forbid := moves[0], moves[1]

	in := loadInstance(t, county)
	ev := solver.NewEvaluator(in)
	moved := map[string]bool{}
	for _, m := range moves {
		moved[m.TeacherID] = true
	}
	var mover, target string
	for _, ti := range ev.Eligible {
		if id := in.Teachers[ti].ID; !moved[id] && len(ev.Cands[ti]) > 0 {
			c := ev.Cands[ti][len(ev.Cands[ti])-1]
			mover, target = id, in.Schools[c.School].ID
			break
		}
	}
	require.NotEmpty(t, mover, "every eligible teacher moved in the first plan")

	pins := "teacher_id,action,to_school_id\n" +
		stay.TeacherID + ",stay,\n" +
		forbid.TeacherID + ",forbid," + forbid.To + "\n" +
		mover + ",move," + target + "\n"

	// The search runs in full once; the other case stops after the
	// construction, which must honour the pins as well.
	tests := []struct {
		name string
		// write puts the pins somewhere and returns the extra flags.
		write func(t *testing.T, dir string) []string
	}{
		{"pins.csv in the dataset", func(t *testing.T, dir string) []string {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "pins.csv"), []byte(pins), 0o644))
			return nil
		}},
		{"--pins file", func(t *testing.T, dir string) []string {
			path := filepath.Join(t.TempDir(), "固定.csv")
			require.NoError(t, os.WriteFile(path, []byte(pins), 0o644))
			return append([]string{"--pins", path}, quick...)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyDataset(t, county)
			extra := tt.write(t, dir)
			out := filepath.Join(t.TempDir(), "pinned")
			mustPlan(t, dir, out, append(extra, "--lang", "en")...)

			pj := readPlanJSON(t, filepath.Join(out, "plan.json"))
			assert.True(t, pj.Report.Score.Feasible, "got an infeasible plan, want the pins honoured")
			assert.Zero(t, pj.Report.term(t, "pin_violated"), "got pin_violated %v, want 0", pj.Report.term(t, "pin_violated"))
			var inputs []string
			for _, f := range pj.Provenance.Inputs {
				inputs = append(inputs, f.Name)
			}
			assert.Len(t, inputs, 7, "got inputs %v, want the pins file among them", inputs)

			rows := readCSV(t, filepath.Join(out, "plan.csv"))
			ti, to := colIndex(t, rows[0], "teacher_id"), colIndex(t, rows[0], "to_school_id")
			dest := map[string]string{}
			for _, row := range rows[1:] {
				dest[row[ti]] = row[to]
			}
			assert.NotContains(t, dest, stay.TeacherID, "teacher %s pinned to stay is on the plan (to %s)", stay.TeacherID, dest[stay.TeacherID])
			assert.NotEqual(t, forbid.To, dest[forbid.TeacherID], "teacher %s moves to %s, which the pins forbid", forbid.TeacherID, forbid.To)
			assert.Equal(t, target, dest[mover], "teacher %s: got destination %q, want %s as pinned", mover, dest[mover], target)
		})
	}
}

// TestPlanInterrupted runs plan with a context cancelled before the search:
// it exits 130 and still writes the best plan found so far.
func TestPlanInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(t.TempDir(), "plan")
	r := runContext(t, ctx, planArgs(sampleCounty, out)...)
	assert.Equal(t, exitInterrupted, r.code, "got exit %d, want 130; stderr:\n%s", r.code, r.stderr)
	assert.Contains(t, r.stderr, "wrote "+out)
	require.FileExists(t, filepath.Join(out, "plan.csv"))
	rows := readCSV(t, filepath.Join(out, "plan.csv"))
	assert.Equal(t, "序号", rows[0][0])
	pj := readPlanJSON(t, filepath.Join(out, "plan.json"))
	assert.Equal(t, "interrupted", pj.Status)
	assert.Len(t, rows, pj.Report.Quota.Moved+1, "got %d rows, want a header and %d moves", len(rows), pj.Report.Quota.Moved)
}

// TestPlanJSONKeys pins the key paths of plan.json to
// testdata/plan-json-keys.golden, the list the README documents; run with
// -update after a deliberate change and update the README with it.
func TestPlanJSONKeys(t *testing.T) {
	out, _ := samplePlan(t)
	b, err := os.ReadFile(filepath.Join(out, "plan.json"))
	require.NoError(t, err)
	var v any
	require.NoError(t, json.Unmarshal(b, &v))
	keys := map[string]bool{}
	jsonKeys(v, "", keys)
	got := make([]string, 0, len(keys))
	for k := range keys {
		got = append(got, k)
	}
	sort.Strings(got)
	text := strings.Join(got, "\n") + "\n"

	golden := filepath.Join("testdata", "plan-json-keys.golden")
	if *updateGolden {
		require.NoError(t, os.WriteFile(golden, []byte(text), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test -run TestPlanJSONKeys -update to create it")
	assert.Equal(t, string(want), text, "plan.json keys changed; if on purpose, run with -update and document them in README.md")
}

// jsonKeys collects the key paths of a decoded JSON value, with "[]" for
// the elements of an array: "report.parts[].indicators[].after".
func jsonKeys(v any, path string, keys map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			keys[p] = true
			jsonKeys(e, p, keys)
		}
	case []any:
		for _, e := range x {
			jsonKeys(e, path+"[]", keys)
		}
	}
}

// TestPlanPointsCSV checks the points table of the plan folder: one row
// per eligible teacher, by priority group then rank, with the teachers
// the plan moves marked.
func TestPlanPointsCSV(t *testing.T) {
	in := loadInstance(t, sampleCounty)
	eligible := len(solver.NewEvaluator(in).Eligible)
	out, _ := samplePlan(t)
	tests := []struct {
		name string
		col  string // the column to check
		want func(t *testing.T, rows [][]string, c int)
	}{
		{"one row per eligible teacher", "教职工号", func(t *testing.T, rows [][]string, c int) {
			assert.Len(t, rows, eligible, "got %d rows, want %d", len(rows), eligible)
		}},
		{"ranks count from 1 in each group", "组内排名", func(t *testing.T, rows [][]string, c int) {
			school, stage, subject := 2, 3, 4
			for i, row := range rows {
				want := 1
				if i > 0 && row[school] == rows[i-1][school] && row[stage] == rows[i-1][stage] && row[subject] == rows[i-1][subject] {
					prev, err := strconv.Atoi(rows[i-1][c])
					require.NoError(t, err)
					want = prev + 1
				}
				assert.Equal(t, strconv.Itoa(want), row[c], "row %d: got rank %s, want %d", i+2, row[c], want)
			}
		}},
		{"moved teachers are marked", "是否交流", func(t *testing.T, rows [][]string, c int) {
			moves := len(readCSV(t, filepath.Join(out, "plan.csv"))) - 1
			n := 0
			for _, row := range rows {
				require.Contains(t, []string{"是", "否"}, row[c])
				count(&n, row[c] == "是")
			}
			assert.Positive(t, n)
			assert.LessOrEqual(t, n, moves, "got %d marked, want at most the %d moves", n, moves)
		}},
		{"points are plain numbers", "积分", func(t *testing.T, rows [][]string, c int) {
			for i, row := range rows {
				_, err := strconv.ParseFloat(row[c], 64)
				assert.NoError(t, err, "row %d: got points %q", i+2, row[c])
			}
		}},
	}
	recs := readCSV(t, filepath.Join(out, "points.csv"))
	require.NotEmpty(t, recs)
	assert.Equal(t, document.PointsHeads("zh"), recs[0])
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := slices.Index(recs[0], tt.col)
			require.GreaterOrEqual(t, c, 0, "no column %s", tt.col)
			tt.want(t, recs[1:], c)
		})
	}
}

// TestPlanBadPinsFileSummary: the summary line of a refused run says
// where the errors are, in a --pins file outside the dataset when that is
// where they all are, and in both when both have some.
func TestPlanBadPinsFileSummary(t *testing.T) {
	dir := t.TempDir()
	pins := filepath.Join(dir, "pins.csv")
	require.NoError(t, os.WriteFile(pins, []byte("teacher_id,action,to_school_id\nNOBODY,stay,\n"), 0o644))
	r := run(t, planArgs(sampleCounty, filepath.Join(dir, "a"), "--pins", pins)...)
	assert.Equal(t, exitBadInput, r.code, "stderr:\n%s", r.stderr)
	assert.Contains(t, r.stderr, pins+": 1 error in the pins file")
	assert.NotContains(t, r.stderr, "in the dataset")

	r = run(t, planArgs("testdata/broken", filepath.Join(dir, "b"), "--pins", pins)...)
	assert.Equal(t, exitBadInput, r.code, "stderr:\n%s", r.stderr)
	assert.Contains(t, r.stderr, "testdata/broken: 3 errors in the dataset, and 1 error in the pins file "+pins)
}
