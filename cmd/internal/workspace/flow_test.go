package workspace

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// flowOptions plan the sample county within the iteration budget, never
// the time limit, so the plan is the same on every run.
const flowOptions = `{"seed": 3, "threads": 1, "iterations": 3000, "time_limit": 120, "gap": 0}`

// uploadSample uploads the sample county and returns its dataset ID.
func uploadSample(t *testing.T, c *client) int64 {
	t.Helper()
	resp := c.upload(sampleCounty, nil)
	body := readAll(t, resp)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", body)
	var up uploadReply
	require.NoError(t, json.Unmarshal(body, &up))
	require.Positive(t, up.ID)
	return up.ID
}

// startPlan starts a plan of the dataset with the JSON options.
func startPlan(t *testing.T, c *client, dataset int64, options string) int64 {
	t.Helper()
	resp := c.postJSON(fmt.Sprintf("/api/datasets/%d/plans", dataset), options)
	body := readAll(t, resp)
	require.Equal(t, http.StatusAccepted, resp.StatusCode, "%s", body)
	var reply struct{ ID int64 }
	require.NoError(t, json.Unmarshal(body, &reply))
	return reply.ID
}

// The year's flow through the API: a planner uploads the sample county
// and plans it, a viewer cannot approve, the planner submits, the approver
// approves, and the documents download; the plan's files are the bytes
// rotaplan plan writes for the same dataset and options.
func TestFlow(t *testing.T) {
	ts := newTestServer(t)
	planner := ts.login(t, store.Planner)
	viewer := ts.login(t, store.Viewer)
	approver := ts.login(t, store.Approver)

	dsID := uploadSample(t, planner)
	var ds datasetJSON
	viewer.getJSON(fmt.Sprintf("/api/datasets/%d", dsID), &ds)
	assert.Equal(t, 60, ds.Schools)
	assert.Contains(t, ds.Standing, "现状 (standing before rotation)")
	assert.Len(t, ds.Files, 6, "schools, teachers, policy, history, wishes and pairs")

	id := startPlan(t, planner, dsID, flowOptions)
	p := planner.waitPlan(id)
	require.Equal(t, store.PlanDone, p.Status, "plan failed: %s", p.Error)
	require.NotNil(t, p.Plan, "a done plan has plan.json under plan")
	assert.Positive(t, p.Moves)
	assert.Equal(t, p.Moves, p.Plan.Report.Quota.Moved)
	assert.Equal(t, "budget", p.StopReason)
	assert.Equal(t, store.ReviewDraft, p.Review)

	// The events of a done plan: one done event with its total.
	resp := viewer.get(fmt.Sprintf("/api/plans/%d/events", id))
	events := string(readAll(t, resp))
	assert.Equal(t, "text/event-stream", resp.Header.Get("Content-Type"))
	assert.True(t, strings.HasPrefix(events, "event: done\ndata: {\"status\":\"done\""), "got events %q", events)

	review := func(c *client, action, body string) int {
		resp := c.postJSON(fmt.Sprintf("/api/plans/%d/%s", id, action), body)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusConflict, review(approver, "approve", `{}`), "a draft was approved")
	assert.Equal(t, http.StatusOK, review(planner, "submit", `{}`))
	assert.Equal(t, http.StatusForbidden, review(viewer, "approve", `{}`), "a viewer approved")
	assert.Equal(t, http.StatusBadRequest, review(approver, "reject", `{"comment": ""}`), "a rejection without a comment")
	assert.Equal(t, http.StatusOK, review(approver, "reject", `{"comment": "学科缺口未补足"}`))
	assert.Equal(t, http.StatusOK, review(planner, "submit", `{"comment": "已核对"}`))
	assert.Equal(t, http.StatusOK, review(approver, "approve", `{"comment": "同意"}`))
	assert.Equal(t, http.StatusConflict, review(approver, "approve", `{}`), "approved twice")
	viewer.getJSON(fmt.Sprintf("/api/plans/%d", id), &p)
	assert.Equal(t, store.ReviewApproved, p.Review)
	assert.Equal(t, "同意", p.Comment)

	// The documents, as a viewer.
	download := func(name string) []byte {
		resp := viewer.get(fmt.Sprintf("/api/plans/%d/files/%s", id, name))
		body := readAll(t, resp)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s: %s", name, body)
		return body
	}
	xlsx := download("plan.xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	require.NoError(t, err)
	assert.Contains(t, f.GetSheetList(), "报批表")
	assert.Contains(t, f.GetSheetList(), "公示名单")
	f.Close()
	for _, name := range []string{"report.html", "approval.html", "notice.html"} {
		assert.Contains(t, string(download(name)), "<html", name)
	}

	// plan.csv and plan.json are what rotaplan plan writes for the same
	// dataset folder, seed, threads and budget.
	want := cliPlanFiles(t, sampleCounty, 3, 1, 3000)
	planCSV := download("plan.csv")
	assert.Equal(t, string(want["plan.csv"]), string(planCSV), "plan.csv differs from rotaplan plan's")
	assert.Equal(t, string(want["notice.csv"]), string(download("notice.csv")), "notice.csv differs from rotaplan plan's")
	for _, name := range []string{"plan.json", "schools.csv", "points.csv", "approval.html", "notice.html", "schools.html", "report.txt"} {
		assert.Equal(t, string(want[name]), string(download(name)), "%s differs from rotaplan plan's", name)
	}
	lines := strings.Count(string(planCSV), "\n")
	assert.Equal(t, p.Moves+1, lines, "got %d lines in plan.csv, want a header and %d moves", lines, p.Moves)

	resp = viewer.get(fmt.Sprintf("/api/plans/%d/files/..%%2Fplan.csv", id))
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "a file name outside the list")

	// The audit log tells the story, and its chain holds.
	var audit []auditJSON
	approver.getJSON("/api/audit", &audit)
	var actions []string
	for i := len(audit) - 1; i >= 0; i-- {
		if a := audit[i].Action; strings.HasPrefix(a, "plan.") || strings.HasPrefix(a, "dataset.") {
			actions = append(actions, a)
		}
	}
	assert.Equal(t, []string{"dataset.upload", "plan.start", "plan.done", "plan.submit", "plan.reject", "plan.submit", "plan.approve"},
		actions[:7])
	n, err := ts.st.Verify(context.Background())
	require.NoError(t, err)
	assert.Equal(t, len(audit), n)
	for _, e := range audit {
		if e.Action == "dataset.upload" {
			assert.Equal(t, ds.InputsSHA, e.InputsSHA)
		}
	}
}

// cliPlanFiles are the plan folder's files of rotaplan plan for the
// dataset folder dir.
func cliPlanFiles(t *testing.T, dir string, seed uint64, threads int, iterations int64) map[string][]byte {
	t.Helper()
	in, _, err := model.Load(dir, model.LoadOptions{})
	require.NoError(t, err)
	ev := solver.NewEvaluator(in)
	res := solver.Solve(context.Background(), ev, solver.Options{Seed: seed, Threads: threads, Iterations: iterations})
	rep := ev.Report(res.Plan)
	prov := document.NewProvenance(in, filepath.Base(dir), "test")
	prov.Seed, prov.Threads, prov.Iterations = seed, threads, iterations
	files, err := document.PlanFiles(document.Data{In: withoutIDNumbers(in), Report: rep, Result: res, Prov: prov, Lang: "zh"}, ev)
	require.NoError(t, err)
	return files
}

// Stop ends a running search and keeps its best plan.
func TestStopKeepsBestPlan(t *testing.T) {
	ts := newTestServer(t)
	planner := ts.login(t, store.Planner)
	dsID := uploadSample(t, planner)
	id := startPlan(t, planner, dsID, `{"seed": 1, "threads": 1, "iterations": 1000000000, "time_limit": 300, "gap": 0}`)

	// Follow the events until the search reports progress, then stop it.
	resp := planner.get(fmt.Sprintf("/api/plans/%d/events", id))
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	progress := regexp.MustCompile(`^data: \{"status":"running","phase":"\w+"`)
	seen := false
	for sc.Scan() {
		if progress.MatchString(sc.Text()) {
			seen = true
			break
		}
	}
	require.True(t, seen, "no progress event of a running search")
	stop := planner.postJSON(fmt.Sprintf("/api/plans/%d/stop", id), `{}`)
	stop.Body.Close()
	require.Equal(t, http.StatusAccepted, stop.StatusCode)
	var last string
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "event: ") {
			last = sc.Text()
		}
	}
	assert.Equal(t, "event: done", last, "the stream ends with a done event")

	p := planner.waitPlan(id)
	require.Equal(t, store.PlanDone, p.Status, "got %s (%s), want done", p.Status, p.Error)
	assert.Equal(t, "interrupted", p.StopReason)
	assert.Positive(t, p.Moves, "the best plan so far was kept")
	stop = planner.postJSON(fmt.Sprintf("/api/plans/%d/stop", id), `{}`)
	stop.Body.Close()
	assert.Equal(t, http.StatusConflict, stop.StatusCode, "a done plan was stopped")
}

// Two planners plan at once with one job slot: the second waits queued,
// then both finish.
func TestConcurrentPlans(t *testing.T) {
	ts := newTestServer(t)
	a := ts.login(t, store.Planner)
	b := ts.login(t, store.Planner)
	dsID := uploadSample(t, a)
	ids := []int64{
		startPlan(t, a, dsID, `{"seed": 1, "threads": 1, "iterations": 1000, "time_limit": 60}`),
		startPlan(t, b, dsID, `{"seed": 2, "threads": 1, "iterations": 1000, "time_limit": 60}`),
	}
	for _, id := range ids {
		p := a.waitPlan(id)
		assert.Equal(t, store.PlanDone, p.Status, "plan %d: %s", id, p.Error)
	}
}

// A server closed mid-search stores the best plan; a plan a dead process
// left running is marked failed at the next start.
func TestShutdownLeavesStoreConsistent(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, dir)
	require.NoError(t, err)
	defer st.Close()
	_, err = AddUser(ctx, st, "", NewUser{Name: "planner", Role: store.Planner, Password: testPassword})
	require.NoError(t, err)
	ws, err := New(ctx, Config{Store: st, MaxThreads: 1})
	require.NoError(t, err)
	in, _, err := model.Load(sampleCounty, model.LoadOptions{})
	require.NoError(t, err)
	var files []store.File
	for _, name := range []string{"schools.csv", "teachers.csv", "policy.toml"} {
		data, err := os.ReadFile(filepath.Join(sampleCounty, name))
		require.NoError(t, err)
		files = append(files, store.File{Name: name, Data: data, SHA256: "x"})
	}
	dsID, err := st.CreateDataset(ctx, store.Dataset{Name: "sample", Files: files, Teachers: len(in.Teachers)})
	require.NoError(t, err)
	running, err := st.CreatePlan(ctx, store.Plan{DatasetID: dsID, Creator: "planner", Options: "{}"})
	require.NoError(t, err)
	jctx, cancel := context.WithCancel(ws.baseCtx)
	j := ws.jobs.add(running, cancel)
	ws.wg.Add(1)
	go ws.run(jctx, running, j, in, "planner", dsID, planOptions{Seed: 1, Threads: 1, Iterations: 1 << 40})
	require.Eventually(t, func() bool {
		p, _, _ := j.snapshot()
		return p.Phase == "search"
	}, time.Minute, 10*time.Millisecond)
	ws.Close()
	p, err := st.Plan(ctx, running)
	require.NoError(t, err)
	assert.Equal(t, store.PlanDone, p.Status)
	assert.Equal(t, "interrupted", p.StopReason)
	assert.Len(t, p.Dest, len(in.Teachers))

	// A plan left running by a process that died.
	orphan, err := st.CreatePlan(ctx, store.Plan{DatasetID: dsID, Creator: "planner", Options: "{}"})
	require.NoError(t, err)
	require.NoError(t, st.SetPlanStatus(ctx, orphan, store.PlanQueued, store.PlanRunning, ""))
	ws2, err := New(ctx, Config{Store: st})
	require.NoError(t, err)
	defer ws2.Close()
	p, err = st.Plan(ctx, orphan)
	require.NoError(t, err)
	assert.Equal(t, store.PlanFailed, p.Status)
	assert.NotEmpty(t, p.Error)
	n, err := st.Verify(ctx)
	require.NoError(t, err)
	assert.Positive(t, n)
}

// No page or document shows an identity number: the sample county's
// teachers have them, the pages and the downloads carry none.
func TestNoIdentityNumbers(t *testing.T) {
	in, _, err := model.Load(sampleCounty, model.LoadOptions{})
	require.NoError(t, err)
	var ids []string
	for _, tc := range in.Teachers {
		if tc.IDNumber != "" {
			ids = append(ids, tc.IDNumber)
		}
	}
	require.NotEmpty(t, ids, "the sample county has no identity numbers to hide")
	ts := newTestServer(t)
	planner := ts.login(t, store.Planner)
	dsID := uploadSample(t, planner)
	id := startPlan(t, planner, dsID, `{"seed": 1, "threads": 1, "iterations": 1000, "time_limit": 60}`)
	require.Equal(t, store.PlanDone, planner.waitPlan(id).Status)
	paths := []string{fmt.Sprintf("/plans/%d", id), fmt.Sprintf("/datasets/%d", dsID), fmt.Sprintf("/api/plans/%d", id)}
	for _, name := range Files {
		if name != "plan.xlsx" {
			paths = append(paths, fmt.Sprintf("/api/plans/%d/files/%s", id, name))
		}
	}
	for _, path := range paths {
		body := string(readAll(t, planner.get(path)))
		for _, idn := range ids {
			if strings.Contains(body, idn) {
				t.Errorf("%s shows the identity number of a teacher", path)
				break
			}
		}
	}
}

// Six viewers download the documents of a done plan at once while another
// plan of the same dataset is searched: every download is the same bytes
// (the instance is shared read-only; run with -race).
func TestConcurrentViewers(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.MaxJobs = 2 })
	planner := ts.login(t, store.Planner)
	dsID := uploadSample(t, planner)
	done := startPlan(t, planner, dsID, `{"seed": 1, "threads": 1, "iterations": 1000, "time_limit": 60}`)
	require.Equal(t, store.PlanDone, planner.waitPlan(done).Status)
	running := startPlan(t, planner, dsID, `{"seed": 2, "threads": 1, "iterations": 1000000000, "time_limit": 300, "gap": 0}`)

	want := map[string]string{}
	for _, name := range []string{"plan.csv", "notice.html"} {
		want[name] = string(readAll(t, planner.get(fmt.Sprintf("/api/plans/%d/files/%s", done, name))))
	}
	const viewers = 6
	errs := make(chan error, viewers)
	for i := range viewers {
		c := ts.login(t, store.Viewer)
		go func() {
			for _, name := range []string{"plan.csv", "notice.html"} {
				resp, err := c.hc.Get(fmt.Sprintf("%s/api/plans/%d/files/%s", c.base, done, name))
				if err != nil {
					errs <- err
					return
				}
				var b bytes.Buffer
				_, err = b.ReadFrom(resp.Body)
				resp.Body.Close()
				switch {
				case err != nil:
					errs <- err
					return
				case resp.StatusCode != http.StatusOK:
					errs <- fmt.Errorf("viewer %d, %s: got status %d, want 200", i, name, resp.StatusCode)
					return
				case b.String() != want[name]:
					errs <- fmt.Errorf("viewer %d, %s: got other bytes than the first download", i, name)
					return
				}
			}
			errs <- nil
		}()
	}
	for range viewers {
		assert.NoError(t, <-errs)
	}
	var p planJSON
	planner.getJSON(fmt.Sprintf("/api/plans/%d", running), &p)
	assert.Equal(t, store.PlanRunning, p.Status, "the second plan was searched beside the viewers")
	stop := planner.postJSON(fmt.Sprintf("/api/plans/%d/stop", running), `{}`)
	stop.Body.Close()
	assert.Equal(t, store.PlanDone, planner.waitPlan(running).Status)
}

// The plan page's list keeps the moves of one school, of a name, and
// sorts by distance.
func TestPlanPageFilter(t *testing.T) {
	ts := newTestServer(t)
	planner := ts.login(t, store.Planner)
	dsID := uploadSample(t, planner)
	id := startPlan(t, planner, dsID, `{"seed": 1, "threads": 1, "iterations": 1000, "time_limit": 60}`)
	p := planner.waitPlan(id)
	require.Equal(t, store.PlanDone, p.Status)
	moves := p.Plan.Report.Moves
	require.NotEmpty(t, moves)

	rowsOf := func(query string) [][]string {
		t.Helper()
		resp := planner.get(fmt.Sprintf("/plans/%d?%s", id, query))
		page := string(readAll(t, resp))
		require.Equal(t, http.StatusOK, resp.StatusCode)
		_, table, ok := strings.Cut(page, `<table id="moves-table">`)
		require.True(t, ok)
		table, _, _ = strings.Cut(table, "</table>")
		var rows [][]string
		for _, tr := range regexp.MustCompile(`(?s)<tr><td>(.*?)</td></tr>`).FindAllStringSubmatch(table, -1) {
			rows = append(rows, strings.Split(tr[1], "</td><td>"))
		}
		return rows
	}
	assert.Len(t, rowsOf(""), len(moves))

	school := moves[0].To
	want := 0
	for _, m := range moves {
		if m.From == school || m.To == school {
			want++
		}
	}
	assert.Len(t, rowsOf("school="+school), want, "moves from or to %s", school)
	assert.Len(t, rowsOf("q="+moves[1].ID), 1, "moves of teacher %s", moves[1].ID)
	assert.Empty(t, rowsOf("q=nobody-at-all"))

	byKm := rowsOf("sort=km")
	require.Len(t, byKm, len(moves))
	last := 1e9
	for _, r := range byKm {
		var km float64
		_, err := fmt.Sscanf(r[len(r)-1], "%f", &km)
		require.NoError(t, err)
		assert.LessOrEqual(t, km, last, "the list sorted by km is not longest first")
		last = km
	}
}

// Two plans of one dataset compare as rotaplan score --against compares
// them; plans of two datasets do not.
func TestPlanDiff(t *testing.T) {
	ts := newTestServer(t)
	planner := ts.login(t, store.Planner)
	dsID := uploadSample(t, planner)
	a := startPlan(t, planner, dsID, `{"seed": 1, "threads": 1, "iterations": 1, "time_limit": 0.001, "gap": 0}`) // stopped early: another plan
	b := startPlan(t, planner, dsID, `{"seed": 2, "threads": 1, "iterations": 100000, "time_limit": 60, "gap": 0}`)
	pa, pb := planner.waitPlan(a), planner.waitPlan(b)
	require.Equal(t, store.PlanDone, pa.Status)
	require.Equal(t, store.PlanDone, pb.Status)

	var d diffJSON
	planner.getJSON(fmt.Sprintf("/api/plans/%d/diff?against=%d", b, a), &d)
	require.NotNil(t, d.Diff)
	assert.InDelta(t, pb.Total-pa.Total, d.Diff.Score.Total, 1e-6, "got a total change of %g, want %g", d.Diff.Score.Total, pb.Total-pa.Total)
	changes := len(d.Diff.OnlyA) + len(d.Diff.OnlyB) + len(d.Diff.Changed)
	require.Positive(t, changes, "the two plans do not differ: totals %v and %v", pa.Total, pb.Total)
	assert.Equal(t, pb.Moves-pa.Moves, len(d.Diff.OnlyB)-len(d.Diff.OnlyA))

	planner.getJSON(fmt.Sprintf("/api/plans/%d/diff?against=%d", b, b), &d)
	assert.Zero(t, len(d.Diff.OnlyA)+len(d.Diff.OnlyB)+len(d.Diff.Changed), "a plan differs from itself")

	// The page lists the same differences.
	resp := planner.get(fmt.Sprintf("/plans/%d?against=%d", b, a))
	page := string(readAll(t, resp))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	rows := strings.Count(page, `<tr class="only-against">`) + strings.Count(page, `<tr class="only-this">`) + strings.Count(page, `<tr class="changed">`)
	assert.Equal(t, changes, rows)
	assert.Contains(t, page, fmt.Sprintf(`<option value="%d" selected>#%d</option>`, a, a))

	other := uploadSample(t, planner)
	c := startPlan(t, planner, other, `{"seed": 1, "threads": 1, "iterations": 1, "time_limit": 60}`)
	require.Equal(t, store.PlanDone, planner.waitPlan(c).Status)
	resp = planner.get(fmt.Sprintf("/api/plans/%d/diff?against=%d", b, c))
	resp.Body.Close()
	assert.Equal(t, http.StatusConflict, resp.StatusCode, "plans of two datasets compared")
	resp = planner.get(fmt.Sprintf("/api/plans/%d/diff?against=999", b))
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

// A viewer limited to one school sees only the moves from or to it, and
// neither the county's documents, plan.json nor comparisons.
func TestSchoolViewer(t *testing.T) {
	ts := newTestServer(t)
	planner := ts.login(t, store.Planner)
	dsID := uploadSample(t, planner)
	id := startPlan(t, planner, dsID, `{"seed": 1, "threads": 1, "iterations": 1000, "time_limit": 60}`)
	p := planner.waitPlan(id)
	require.Equal(t, store.PlanDone, p.Status)
	school := p.Plan.Report.Moves[0].From
	want := 0
	for _, m := range p.Plan.Report.Moves {
		if m.From == school || m.To == school {
			want++
		}
	}
	require.Less(t, want, len(p.Plan.Report.Moves), "every move involves %s", school)

	admin := ts.login(t, store.Admin)
	resp := admin.postJSON("/api/users", `{"name":"zhou","role":"viewer","school":"`+school+`","password":"`+testPassword+`"}`)
	body := readAll(t, resp)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", body)
	resp = admin.postJSON("/api/users", `{"name":"sun","role":"planner","school":"`+school+`","password":"`+testPassword+`"}`)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "a planner limited to a school")

	zhou := ts.login(t, "zhou")
	// The school filter of the query cannot widen the list.
	page := string(readAll(t, zhou.get(fmt.Sprintf("/plans/%d?school=", id))))
	_, table, ok := strings.Cut(page, `<table id="moves-table">`)
	require.True(t, ok)
	table, _, _ = strings.Cut(table, "</table>")
	assert.Equal(t, want, strings.Count(table, "<tr><td>"), "got %d rows, want the %d moves of %s", strings.Count(table, "<tr><td>"), want, school)
	assert.NotContains(t, page, "/files/", "a school viewer's page links the county's documents")

	var pj planJSON
	zhou.getJSON(fmt.Sprintf("/api/plans/%d", id), &pj)
	assert.Nil(t, pj.Plan, "a school viewer got plan.json")
	for _, path := range []string{"/api/plans/%d/files/plan.csv", "/api/plans/%d/files/notice.html", "/api/plans/%d/diff?against=%[1]d"} {
		resp := zhou.get(fmt.Sprintf(path, id))
		resp.Body.Close()
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, path)
	}
}
