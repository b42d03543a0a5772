package workspace

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
)

// testPassword is every test user's password.
const testPassword = "correct horse battery"

// testServer is a workspace on a test HTTP server with one user of each
// role, named after the role.
type testServer struct {
	*httptest.Server
	ws *Server
	st *store.SQLite
}

func newTestServer(t testing.TB, tweak ...func(*Config)) *testServer {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	require.NoError(t, err)
	for _, r := range store.Roles {
		_, err := AddUser(ctx, st, "", NewUser{Name: string(r), Role: r, Password: testPassword})
		require.NoError(t, err)
	}
	cfg := Config{Store: st, Version: "test", MaxThreads: 2}
	for _, f := range tweak {
		f(&cfg)
	}
	ws, err := New(ctx, cfg)
	require.NoError(t, err)
	hs := httptest.NewServer(ws)
	t.Cleanup(func() {
		hs.Close()
		ws.Close()
		st.Close()
	})
	return &testServer{Server: hs, ws: ws, st: st}
}

// client is an API client with its session cookie and CSRF token.
type client struct {
	t    testing.TB
	base string
	hc   *http.Client
	csrf string
}

// anonymous returns a client without a session.
func (ts *testServer) anonymous(t testing.TB) *client {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &client{t: t, base: ts.URL, hc: hc}
}

// login returns a client logged in as the user named after role.
func (ts *testServer) login(t testing.TB, role store.Role) *client {
	t.Helper()
	c := ts.anonymous(t)
	resp := c.do("POST", "/api/login", "application/json", strings.NewReader(`{"username":"`+string(role)+`","password":"`+testPassword+`"}`))
	body := readAll(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, "login as %s: %s", role, body)
	var reply loginReply
	require.NoError(t, json.Unmarshal(body, &reply))
	require.NotEmpty(t, reply.CSRFToken)
	c.csrf = reply.CSRFToken
	return c
}

// do sends a request with the client's CSRF token, if any.
func (c *client) do(method, path, contentType string, body io.Reader) *http.Response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	require.NoError(c.t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	resp, err := c.hc.Do(req)
	require.NoError(c.t, err)
	return resp
}

func (c *client) get(path string) *http.Response { return c.do("GET", path, "", nil) }

func (c *client) postJSON(path, body string) *http.Response {
	return c.do("POST", path, "application/json", strings.NewReader(body))
}

// getJSON gets path, wants 200 and decodes the reply into v.
func (c *client) getJSON(path string, v any) {
	c.t.Helper()
	resp := c.get(path)
	body := readAll(c.t, resp)
	require.Equal(c.t, http.StatusOK, resp.StatusCode, "GET %s: %s", path, body)
	require.NoError(c.t, json.Unmarshal(body, v))
}

func readAll(t testing.TB, resp *http.Response) []byte {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return b
}

// multipartFiles is a multipart body with one part per file of dir, or
// the named files given as name → content.
func multipartFiles(t testing.TB, dir string, extra map[string][]byte) (string, *bytes.Buffer) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	add := func(name string, data []byte) {
		w, err := mw.CreateFormFile("files", name)
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
	}
	if dir != "" {
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			require.NoError(t, err)
			add(e.Name(), data)
		}
	}
	for name, data := range extra {
		add(name, data)
	}
	require.NoError(t, mw.WriteField("name", filepath.Base(dir)))
	require.NoError(t, mw.Close())
	return mw.FormDataContentType(), &b
}

// upload uploads the files of dir through the API.
func (c *client) upload(dir string, extra map[string][]byte) *http.Response {
	c.t.Helper()
	ct, body := multipartFiles(c.t, dir, extra)
	return c.do("POST", "/api/datasets", ct, body)
}

// sampleCounty is the sample county's folder.
const sampleCounty = "../../../scenarios/sample-county"

// waitPlan polls the plan until its status is done or failed.
func (c *client) waitPlan(id int64) planJSON {
	c.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var p planJSON
		c.getJSON("/api/plans/"+itoa(id), &p)
		if p.Status == store.PlanDone || p.Status == store.PlanFailed {
			return p
		}
		require.True(c.t, time.Now().Before(deadline), "plan %d still %s after 2 minutes", id, p.Status)
		time.Sleep(50 * time.Millisecond)
	}
}

func itoa(id int64) string { return strings.TrimSpace(string(must(json.Marshal(id)))) }

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
