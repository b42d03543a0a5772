package workspace

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/scenarios/gen"
	"github.com/rotaplan/rotaplan/solver"
)

// benchPlan stores a generated county of the size and a plan of it made
// by the construction alone, and returns the workspace and a viewer's
// session cookie.
func benchPlan(b *testing.B, size gen.Size) (*Server, *http.Cookie, int64) {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	in, err := gen.Generate(size, 1)
	require.NoError(b, err)
	require.NoError(b, gen.Write(dir, in))
	var files []store.File
	entries, err := os.ReadDir(dir)
	require.NoError(b, err)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(b, err)
		files = append(files, store.File{Name: e.Name(), Data: data, SHA256: "-"})
	}
	loaded, _, err := loadFiles(files, "")
	require.NoError(b, err)
	st, err := store.Open(ctx, b.TempDir())
	require.NoError(b, err)
	b.Cleanup(func() { st.Close() })
	dsID, err := st.CreateDataset(ctx, store.Dataset{Name: string(size), Files: files, Teachers: len(loaded.Teachers)})
	require.NoError(b, err)
	ev := solver.NewEvaluator(loaded)
	res := solver.Solve(ctx, ev, solver.Options{Iterations: -1, BoundIterations: -1})
	id, err := st.CreatePlan(ctx, store.Plan{DatasetID: dsID, Creator: "bench", Options: `{"seed":1,"threads":1}`})
	require.NoError(b, err)
	require.NoError(b, st.SetPlanStatus(ctx, id, store.PlanQueued, store.PlanRunning, ""))
	require.NoError(b, st.FinishPlan(ctx, id, store.Result{StopReason: "budget", Total: res.Score.Total, Dest: res.Plan.Dest}))
	u, err := AddUser(ctx, st, "", NewUser{Name: "viewer", Role: store.Viewer, Password: testPassword})
	require.NoError(b, err)
	ws, err := New(ctx, Config{Store: st})
	require.NoError(b, err)
	b.Cleanup(ws.Close)
	token := newToken()
	require.NoError(b, st.CreateSession(ctx, store.Session{TokenHash: tokenHash(token), User: u, CSRF: "c", Expires: ws.cfg.Now().Add(ws.cfg.SessionTTL)}))
	return ws, &http.Cookie{Name: sessionCookie, Value: token}, id
}

// BenchmarkPlanPage is the server time of a done plan's list page (the
// moves and the score), of the API's plan with plan.json and of plan.csv,
// by county size, each with the plan's report kept from the request
// before, and of the list page rebuilt from the dataset and the
// destinations, as the first request after a start has it (cold).
func BenchmarkPlanPage(b *testing.B) {
	for _, size := range []gen.Size{gen.County, gen.Large} {
		ws, cookie, id := benchPlan(b, size)
		for _, path := range []string{"/plans/%d", "/plans/%d cold", "/api/plans/%d", "/api/plans/%d/files/plan.csv"} {
			path, cold := strings.CutSuffix(fmt.Sprintf(path, id), " cold")
			name := fmt.Sprintf("%s%s", size, path)
			if cold {
				name += "/cold"
			}
			get := func(b *testing.B) {
				req := httptest.NewRequest("GET", path, nil)
				req.AddCookie(cookie)
				w := httptest.NewRecorder()
				ws.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("GET %s: got %d, want 200", path, w.Code)
				}
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				get(b) // the outcome is kept from here, or forgotten below
				for b.Loop() {
					if cold {
						b.StopTimer()
						ws.done = newLRU[*outcome](4)
						b.StartTimer()
					}
					get(b)
				}
				b.ReportMetric(1000*b.Elapsed().Seconds()/float64(b.N), "ms/op")
			})
		}
	}
}

// countyDir writes the generated county of the size, seed 1, to a folder
// and returns it.
func countyDir(b *testing.B, size gen.Size) string {
	b.Helper()
	in, err := gen.Generate(size, 1)
	require.NoError(b, err)
	dir := filepath.Join(b.TempDir(), string(size))
	require.NoError(b, os.Mkdir(dir, 0o755))
	require.NoError(b, gen.Write(dir, in))
	return dir
}

// benchServer is a workspace on a test HTTP server, with the folder dir
// uploaded by its planner; it returns the planner and the dataset's ID.
func benchServer(b *testing.B, dir string, tweak ...func(*Config)) (*testServer, *client, int64) {
	b.Helper()
	ts := newTestServer(b, tweak...)
	planner := ts.login(b, store.Planner)
	resp := planner.upload(dir, nil)
	body := readAll(b, resp)
	require.Equal(b, http.StatusCreated, resp.StatusCode, "%s", body)
	var up uploadReply
	require.NoError(b, json.Unmarshal(body, &up))
	return ts, planner, up.ID
}

// cliDefault are rotaplan plan's default options on this project's
// 2-core machine (seed 1, two threads, the default budget, stop at a 0.1%
// gap) without the time limit, so that a run does not depend on the
// machine's speed.
var cliDefault = planOptions{Seed: 1, Threads: 2, Gap: 0.001}

// cliDoor is what rotaplan plan does with a dataset folder before it
// writes the plan folder: load, search, report and build the files.
func cliDoor(b *testing.B, dir string, o planOptions) map[string][]byte {
	b.Helper()
	in, _, err := model.Load(dir, model.LoadOptions{})
	require.NoError(b, err)
	ev := solver.NewEvaluator(in)
	res := solver.Solve(context.Background(), ev, o.solver())
	rep := ev.Report(res.Plan)
	prov := document.NewProvenance(in, filepath.Base(dir), "test")
	prov.Seed, prov.Threads, prov.Iterations, prov.Gap = o.Seed, o.Threads, o.Iterations, o.Gap
	files, err := document.PlanFiles(document.Data{In: withoutIDNumbers(in), Report: rep, Result: res, Prov: prov, Lang: "zh"}, ev)
	require.NoError(b, err)
	return files
}

// pollEvery is how often the API door asks whether its plan is done.
const pollEvery = 5 * time.Millisecond

// postPlan starts a plan through the API and returns its ID.
func postPlan(b *testing.B, c *client, dataset int64, o planOptions) int64 {
	b.Helper()
	resp := c.postJSON(fmt.Sprintf("/api/datasets/%d/plans", dataset), mustJSON(o))
	body := readAll(b, resp)
	require.Equal(b, http.StatusAccepted, resp.StatusCode, "%s", body)
	var reply struct{ ID int64 }
	require.NoError(b, json.Unmarshal(body, &reply))
	return reply.ID
}

// waitDone GETs the plan every pollEvery until it is done (the last reply
// carries plan.json).
func waitDone(b *testing.B, c *client, id int64) {
	b.Helper()
	for {
		var p planJSON
		c.getJSON(fmt.Sprintf("/api/plans/%d", id), &p)
		if p.Status == store.PlanDone {
			require.NotNil(b, p.Plan, "a done plan without plan.json")
			return
		}
		require.NotEqual(b, store.PlanFailed, p.Status, "plan %d: %s", id, p.Error)
		time.Sleep(pollEvery)
	}
}

// apiDoor is a plan through the API, as a script would make it: POST the
// options, GET the plan every pollEvery until it is done, then GET
// plan.csv. It returns the plan's ID and plan.csv.
func apiDoor(b *testing.B, c *client, dataset int64, o planOptions) (int64, []byte) {
	b.Helper()
	id := postPlan(b, c, dataset, o)
	waitDone(b, c, id)
	resp := c.get(fmt.Sprintf("/api/plans/%d/files/plan.csv", id))
	body := readAll(b, resp)
	require.Equal(b, http.StatusOK, resp.StatusCode, "%s", body)
	return id, body
}

// BenchmarkPlanDoors plans the generated county (seed 1) with rotaplan
// plan's default options through both doors: as the CLI does (load the
// folder, search, build the files) and through the API (apiDoor, the
// dataset uploaded before). It reports each door's milliseconds and
// api/cli, their ratio, and fails when the two doors' plan.csv or
// plan.json differ.
func BenchmarkPlanDoors(b *testing.B) {
	dir := countyDir(b, gen.County)
	_, planner, dsID := benchServer(b, dir, func(c *Config) { c.MaxThreads = cliDefault.Threads })
	var cli, api time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
		want := cliDoor(b, dir, cliDefault)
		cli += time.Since(start)

		start = time.Now()
		id, planCSV := apiDoor(b, planner, dsID, cliDefault)
		api += time.Since(start)
		n++

		if !bytes.Equal(want["plan.csv"], planCSV) {
			b.Fatalf("plan %d: plan.csv differs from the CLI's (%d and %d bytes)", id, len(planCSV), len(want["plan.csv"]))
		}
		resp := planner.get(fmt.Sprintf("/api/plans/%d/files/plan.json", id))
		planJSON := readAll(b, resp)
		if !bytes.Equal(want["plan.json"], planJSON) {
			b.Fatalf("plan %d: plan.json differs from the CLI's:\n%s\nwant\n%s", id, planJSON, want["plan.json"])
		}
	}
	b.ReportMetric(1000*cli.Seconds()/float64(n), "cli-ms")
	b.ReportMetric(1000*api.Seconds()/float64(n), "api-ms")
	b.ReportMetric(api.Seconds()/cli.Seconds(), "api/cli")
}

// watch makes the viewers, until stop is closed, each GET the list page
// of plan list and the API's state of plan running, then pause, again and
// again, viewer i starting after i/len(viewers) of the pause. The func it returns waits until they have stopped and returns
// how many pages they got and the first failure.
func watch(viewers []*client, list, running int64, pause time.Duration, stop <-chan struct{}) func() (int64, error) {
	var wg sync.WaitGroup
	var pages atomic.Int64
	errs := make(chan error, len(viewers))
	paths := []string{fmt.Sprintf("/plans/%d", list), fmt.Sprintf("/api/plans/%d", running)}
	for i, c := range viewers {
		wg.Go(func() {
			// The viewers' reads are spread over the pause, not at once.
			select {
			case <-stop:
				return
			case <-time.After(pause * time.Duration(i) / time.Duration(len(viewers))):
			}
			for {
				for _, path := range paths {
					resp, err := c.hc.Get(c.base + path)
					if err != nil {
						errs <- err
						return
					}
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err != nil || resp.StatusCode != http.StatusOK {
						errs <- fmt.Errorf("GET %s: got status %d (%v), want 200", path, resp.StatusCode, err)
						return
					}
					pages.Add(1)
				}
				select {
				case <-stop:
					return
				case <-time.After(pause):
				}
			}
		})
	}
	return func() (int64, error) {
		wg.Wait()
		close(errs)
		return pages.Load(), <-errs
	}
}

// BenchmarkViewersDuringPlan times a plan of the generated county (two
// threads, the default budget searched whole; from its POST until a GET
// every pollEvery finds it done) alone, and while 20 viewers read the list
// page of a done plan of the county and the running plan's state through
// the API. A viewer pauses between two reads: a second, as a person
// reading the list (pause=1s), or not at all (pause=0: 20 clients in a
// loop on the machine's cores). It reports both plan times, their ratio
// (viewers/alone) and the pages served per second.
func BenchmarkViewersDuringPlan(b *testing.B) {
	dir := countyDir(b, gen.County)
	ts, planner, dsID := benchServer(b, dir, func(c *Config) { c.MaxThreads = 2 })
	list := postPlan(b, planner, dsID, cliDefault)
	waitDone(b, planner, list)
	viewers := make([]*client, 20)
	for i := range viewers {
		viewers[i] = ts.login(b, store.Viewer)
	}
	budget := planOptions{Seed: 2, Threads: 2}
	for _, bc := range []struct {
		name  string
		pause time.Duration
	}{{"pause=1s", time.Second}, {"pause=0", 0}} {
		b.Run(bc.name, func(b *testing.B) {
			var alone, watched time.Duration
			var pages int64
			n := 0
			for b.Loop() {
				start := time.Now()
				waitDone(b, planner, postPlan(b, planner, dsID, budget))
				alone += time.Since(start)

				start = time.Now()
				id := postPlan(b, planner, dsID, budget)
				stop := make(chan struct{})
				wait := watch(viewers, list, id, bc.pause, stop)
				waitDone(b, planner, id)
				watched += time.Since(start)
				close(stop)
				got, err := wait()
				require.NoError(b, err)
				pages += got
				n++
			}
			b.ReportMetric(1000*alone.Seconds()/float64(n), "alone-ms")
			b.ReportMetric(1000*watched.Seconds()/float64(n), "viewers-ms")
			b.ReportMetric(watched.Seconds()/alone.Seconds(), "viewers/alone")
			b.ReportMetric(float64(pages)/watched.Seconds(), "pages/s")
		})
	}
}
