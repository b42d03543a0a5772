package workspace

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
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

// BenchmarkPlanPage is the server time of a plan page (the list of moves
// and the score, rebuilt from the dataset and the destinations) and of
// the API's plan with plan.json, by county size.
func BenchmarkPlanPage(b *testing.B) {
	for _, size := range []gen.Size{gen.County, gen.Large} {
		ws, cookie, id := benchPlan(b, size)
		for _, path := range []string{"/plans/%d", "/api/plans/%d", "/api/plans/%d/files/plan.csv"} {
			path := fmt.Sprintf(path, id)
			b.Run(fmt.Sprintf("%s%s", size, path), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					req := httptest.NewRequest("GET", path, nil)
					req.AddCookie(cookie)
					w := httptest.NewRecorder()
					ws.ServeHTTP(w, req)
					if w.Code != http.StatusOK {
						b.Fatalf("GET %s: got %d, want 200", path, w.Code)
					}
				}
			})
		}
	}
}
