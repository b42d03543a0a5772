package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/cmd/internal/workspace"
	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
	"github.com/rotaplan/rotaplan/model"
)

// runIn executes rotaplan with args and stdin as main does.
func runIn(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	root := newRootCmd(IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut})
	root.SetArgs(args)
	ctx := context.Background()
	err := root.ExecuteContext(ctx)
	printError(&errOut, err)
	return result{stdout: out.String(), stderr: errOut.String(), code: exitCode(ctx, err), err: err}
}

const servePassword = "correct horse battery"

func TestServeUserAdd(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		stdin    string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"admin", servePassword + "\n", []string{"admin", "--role", "admin", "--password-stdin"}, exitOK, "added admin (admin)"},
		{"planner without newline", servePassword, []string{"zhang", "--role", "planner", "--password-stdin"}, exitOK, "added zhang (planner)"},
		{"taken name", servePassword + "\n", []string{"admin", "--role", "viewer", "--password-stdin"}, exitBadInput, "exists"},
		{"bad role", servePassword + "\n", []string{"li", "--role", "root", "--password-stdin"}, exitBadInput, "want one of admin, planner, approver, viewer"},
		{"no role", servePassword + "\n", []string{"li", "--password-stdin"}, exitBadInput, "--role: missing"},
		{"no --password-stdin", servePassword + "\n", []string{"li", "--role", "viewer"}, exitBadInput, "--password-stdin: missing"},
		{"empty stdin", "", []string{"li", "--role", "viewer", "--password-stdin"}, exitBadInput, "no password"},
		{"short password", "short\n", []string{"li", "--role", "viewer", "--password-stdin"}, exitBadInput, "password too short"},
		{"no name", servePassword + "\n", []string{"--role", "viewer", "--password-stdin"}, exitBadInput, "missing user name"},
		{"viewer of a school", servePassword + "\n", []string{"zhou", "--role", "viewer", "--school", "43010001", "--password-stdin"}, exitOK, "added zhou (viewer)"},
		{"planner of a school", servePassword + "\n", []string{"sun", "--role", "planner", "--school", "43010001", "--password-stdin"}, exitBadInput, "only a viewer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := runIn(t, tc.stdin, append([]string{"serve", "user", "add", "--store", dir}, tc.args...)...)
			assert.Equal(t, tc.wantCode, r.code, "stderr: %s", r.stderr)
			assert.Contains(t, r.stderr, tc.wantErr)
			assert.NotContains(t, r.stderr, servePassword, "the password was printed")
		})
	}
	st, err := store.Open(context.Background(), dir)
	require.NoError(t, err)
	defer st.Close()
	users, err := st.Users(context.Background())
	require.NoError(t, err)
	require.Len(t, users, 3)
	for _, u := range users {
		assert.True(t, strings.HasPrefix(u.PasswordHash, "$argon2id$"), "%s: got hash %q", u.Name, u.PasswordHash)
		if u.Name == "zhou" {
			assert.Equal(t, "43010001", u.School)
		}
	}
}

func TestServeVerifyAndBackup(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"admin", "zhang", "wang"} {
		r := runIn(t, servePassword+"\n", "serve", "user", "add", name, "--role", "planner", "--password-stdin", "--store", dir)
		require.Equal(t, exitOK, r.code, r.stderr)
	}
	r := run(t, "serve", "verify", "--store", dir)
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "audit log ok: 3 rows, hash chain intact\n", r.stdout)

	backup := filepath.Join(t.TempDir(), "backup.db")
	r = run(t, "serve", "backup", "--store", dir, "--out", backup)
	require.Equal(t, exitOK, r.code, r.stderr)
	r = run(t, "serve", "backup", "--store", dir, "--out", backup)
	assert.Equal(t, exitFailure, r.code, "a backup replaced a file")
	restored := t.TempDir()
	require.NoError(t, os.Rename(backup, filepath.Join(restored, store.FileName)))
	r = run(t, "serve", "verify", "--store", restored)
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "3 rows")

	r = run(t, "serve", "verify", "--store", filepath.Join(dir, "typo"))
	assert.Equal(t, exitBadInput, r.code)
	assert.Contains(t, r.stderr, "no workspace store")
	_, err := os.Stat(filepath.Join(dir, "typo"))
	assert.True(t, os.IsNotExist(err), "verify created a store")

	// Somebody with the database file changes the second row.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, store.FileName))
	require.NoError(t, err)
	_, err = db.Exec(`DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'wang as admin' WHERE id = 2`)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	r = run(t, "serve", "verify", "--store", dir)
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "audit row 2:")
	assert.Contains(t, r.stderr, "after 1 good rows")
}

// syncBuffer is a bytes.Buffer that the server's goroutines and the test
// may use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs rotaplan serve on a free port of 127.0.0.1 with the
// store dir until the test ends; it returns the base URL and stderr.
func startServe(t *testing.T, dir string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errOut := &syncBuffer{}
	addrs := make(chan string, 1)
	opts := &serveOptions{IO: IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: errOut}, ready: func(a string) { addrs <- a }}
	c := newServeCmd(opts)
	c.SetArgs([]string{"--addr", "127.0.0.1:0", "--store", dir})
	done := make(chan error, 1)
	go func() { done <- c.ExecuteContext(ctx) }()
	var addr string
	select {
	case addr = <-addrs:
	case err := <-done:
		cancel()
		t.Fatalf("serve ended before listening: %v; stderr:\n%s", err, errOut.String())
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatalf("serve did not listen within 30s; stderr:\n%s", errOut.String())
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			assert.NoError(t, err, "a stopped workspace is a success")
		case <-time.After(30 * time.Second):
			t.Errorf("serve did not stop within 30s")
		}
	})
	return "http://" + addr, errOut
}

func TestServe(t *testing.T) {
	dir := t.TempDir()
	base, errOut := startServe(t, dir)
	assert.Contains(t, errOut.String(), "has no users yet")
	assert.Contains(t, errOut.String(), "rotaplan serve user add admin --role admin --password-stdin --store "+dir)
	resp, err := http.Get(base + "/healthz")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, "ok\n", string(body))
	resp, err = http.Get(base + "/api/plans")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

func TestServeBadFlags(t *testing.T) {
	r := run(t, "serve", "--jobs", "0", "--store", t.TempDir())
	assert.Equal(t, exitBadInput, r.code)
	assert.Contains(t, r.stderr, "--jobs")
	r = run(t, "serve", "extra")
	assert.Equal(t, exitBadInput, r.code)
	r = run(t, "serve", "backup", "--store", t.TempDir())
	assert.Equal(t, exitBadInput, r.code)
	assert.Contains(t, r.stderr, "--out: missing")
}

// The workspace and rotaplan plan give byte-identical plan files for the
// same dataset folder, seed, threads and iteration budget.
func TestServeMatchesPlan(t *testing.T) {
	out := filepath.Join(t.TempDir(), "plan")
	r := run(t, "plan", "../../scenarios/sample-county", "--out", out, "--seed", "3", "--threads", "1",
		"--iterations", "3000", "--gap", "0", "--time-limit", "0")
	require.Equal(t, exitOK, r.code, r.stderr)

	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	require.NoError(t, err)
	defer st.Close()
	_, err = workspace.AddUser(ctx, st, "", workspace.NewUser{Name: "planner", Role: store.Planner, Password: servePassword})
	require.NoError(t, err)
	ws, err := workspace.New(ctx, workspace.Config{Store: st, Version: version, MaxThreads: 1})
	require.NoError(t, err)
	defer ws.Close()
	hs := httptest.NewServer(ws)
	defer hs.Close()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	hc := &http.Client{Jar: jar}
	call := func(method, path, contentType string, body io.Reader, csrf string) []byte {
		t.Helper()
		req, err := http.NewRequest(method, hs.URL+path, body)
		require.NoError(t, err)
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("X-CSRF-Token", csrf)
		resp, err := hc.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.Less(t, resp.StatusCode, 300, "%s %s: %s", method, path, b)
		return b
	}
	var login struct {
		CSRF string `json:"csrf_token"`
	}
	require.NoError(t, json.Unmarshal(call("POST", "/api/login", "application/json",
		strings.NewReader(`{"username":"planner","password":"`+servePassword+`"}`), ""), &login))

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	require.NoError(t, mw.WriteField("name", "sample-county"))
	entries, err := os.ReadDir("../../scenarios/sample-county")
	require.NoError(t, err)
	for _, e := range entries { // every file of the folder rotaplan plan reads
		name := e.Name()
		if !model.IsDatasetFile(name) {
			continue
		}
		data, err := os.ReadFile(filepath.Join("../../scenarios/sample-county", name))
		require.NoError(t, err)
		w, err := mw.CreateFormFile("files", name)
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, mw.Close())
	var created struct{ ID int64 }
	require.NoError(t, json.Unmarshal(call("POST", "/api/datasets", mw.FormDataContentType(), &body, login.CSRF), &created))
	require.NoError(t, json.Unmarshal(call("POST", fmt.Sprintf("/api/datasets/%d/plans", created.ID), "application/json",
		strings.NewReader(`{"seed": 3, "threads": 1, "iterations": 3000, "gap": 0, "time_limit": 0}`), login.CSRF), &created))
	require.Eventually(t, func() bool {
		var p struct{ Status string }
		require.NoError(t, json.Unmarshal(call("GET", fmt.Sprintf("/api/plans/%d", created.ID), "", nil, ""), &p))
		return p.Status == "done"
	}, 2*time.Minute, 50*time.Millisecond)

	for _, name := range []string{"plan.csv", "plan.json", "notice.csv", "approval.html", "notice.html", "report.txt"} {
		want, err := os.ReadFile(filepath.Join(out, name))
		require.NoError(t, err)
		got := call("GET", fmt.Sprintf("/api/plans/%d/files/%s", created.ID, name), "", nil, "")
		assert.Equal(t, string(want), string(got), "%s from the workspace differs from rotaplan plan's", name)
	}

	// The explain API answers what rotaplan explain --json prints for the
	// same plan: a moved teacher and one kept home.
	rows := readCSV(t, filepath.Join(out, "plan.csv"))
	moved := rows[1][colIndex(t, rows[0], "教职工号")]
	for _, id := range []string{moved, "4301000001"} {
		r := run(t, "explain", "../../scenarios/sample-county", "--plan", filepath.Join(out, "plan.csv"), id, "--json")
		require.Equal(t, exitOK, r.code, r.stderr)
		var want, got any
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &want))
		require.NoError(t, json.Unmarshal(call("GET", fmt.Sprintf("/api/plans/%d/explain/%s", created.ID, id), "", nil, ""), &got))
		assert.Equal(t, want, got, "the explanation of %s from the workspace differs from rotaplan explain --json's", id)
		assert.Contains(t, r.stdout, `"teacher_id": "`+id+`"`)
	}
}
