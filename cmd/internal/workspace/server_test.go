package workspace

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword(testPassword)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$"), "got hash %q, want argon2id in the PHC format", h)
	assert.True(t, CheckPassword(h, testPassword))
	assert.False(t, CheckPassword(h, testPassword+"x"))
	assert.False(t, CheckPassword("$argon2id$v=19$m=0,t=0,p=0$$", testPassword))
	h2, err := HashPassword(testPassword)
	require.NoError(t, err)
	assert.NotEqual(t, h, h2, "two hashes of one password share a salt")
	_, err = HashPassword("short")
	assert.Error(t, err)
}

func TestSecurityHeaders(t *testing.T) {
	ts := newTestServer(t)
	c := ts.anonymous(t)
	for _, path := range []string{"/healthz", "/login", "/static/app.js", "/api/plans", "/plans"} {
		t.Run(path, func(t *testing.T) {
			resp := c.get(path)
			resp.Body.Close()
			h := resp.Header
			csp := h.Get("Content-Security-Policy")
			assert.Contains(t, csp, "default-src 'self'")
			assert.Contains(t, csp, "script-src 'self'")
			assert.NotContains(t, csp, "unsafe-inline")
			assert.Equal(t, "DENY", h.Get("X-Frame-Options"))
			assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"))
			assert.Equal(t, "no-referrer", h.Get("Referrer-Policy"))
		})
	}
	resp := c.get("/healthz")
	assert.Equal(t, "ok\n", string(readAll(t, resp)))
}

func TestPagesHaveNoInlineScripts(t *testing.T) {
	ts := newTestServer(t)
	c := ts.login(t, store.Planner)
	for _, path := range []string{"/plans", "/datasets"} {
		resp := c.get(path)
		body := string(readAll(t, resp))
		require.Equal(t, http.StatusOK, resp.StatusCode, path)
		assert.Equal(t, 1, strings.Count(body, "<script"), "%s: got %d scripts, want only app.js", path, strings.Count(body, "<script"))
		assert.Contains(t, body, `<script src="/static/app.js" defer></script>`)
		assert.NotContains(t, body, "onclick")
		assert.NotContains(t, body, "http://", "%s fetches something from elsewhere", path)
		assert.NotContains(t, body, "https://", "%s fetches something from elsewhere", path)
	}
}

func TestLoginPageHasNoUser(t *testing.T) {
	ts := newTestServer(t)
	page := string(readAll(t, ts.anonymous(t).get("/login")))
	assert.Contains(t, page, `id="login"`)
	assert.NotContains(t, page, `action="/logout"`, "the login page offers to log out")
	assert.NotContains(t, page, `id="nav-plans"`, "the login page shows the menu")
}

func TestLanguageSwitch(t *testing.T) {
	ts := newTestServer(t)
	c := ts.login(t, store.Viewer)
	body := string(readAll(t, c.get("/plans")))
	assert.Contains(t, body, "交流方案", "the pages are Chinese by default")
	resp := c.get("/lang/en?next=/plans")
	resp.Body.Close()
	assert.Equal(t, "/plans", resp.Header.Get("Location"))
	body = string(readAll(t, c.get("/plans")))
	assert.Contains(t, body, "Rotation plans")
	assert.NotContains(t, body, "交流方案")
	resp = c.get("/lang/zh?next=//evil.example")
	resp.Body.Close()
	assert.Equal(t, "/", resp.Header.Get("Location"), "an open redirect")
}

// apiRoutes are the API's routes with their method, each with a dataset
// or plan ID that need not exist.
var apiRoutes = []struct{ method, path string }{
	{"GET", "/api/datasets"},
	{"POST", "/api/datasets"},
	{"GET", "/api/datasets/1"},
	{"POST", "/api/datasets/1/plans"},
	{"GET", "/api/plans"},
	{"GET", "/api/plans/1"},
	{"GET", "/api/plans/1/events"},
	{"GET", "/api/plans/1/diff?against=2"},
	{"GET", "/api/plans/1/files/plan.csv"},
	{"POST", "/api/plans/1/submit"},
	{"POST", "/api/plans/1/approve"},
	{"POST", "/api/plans/1/reject"},
	{"POST", "/api/plans/1/stop"},
	{"POST", "/api/plans/1/pins"},
	{"GET", "/api/plans/1/explain/T1"},
	{"GET", "/api/audit"},
	{"POST", "/api/users"},
	{"POST", "/api/logout"},
}

func TestNoSession(t *testing.T) {
	ts := newTestServer(t)
	c := ts.anonymous(t)
	for _, r := range apiRoutes {
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			resp := c.do(r.method, r.path, "application/json", strings.NewReader("{}"))
			resp.Body.Close()
			assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "got %d, want 401", resp.StatusCode)
		})
	}
	resp := c.get("/plans")
	resp.Body.Close()
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.Equal(t, "/login", resp.Header.Get("Location"))

	// A forged or expired cookie is no session.
	u, _ := url.Parse(ts.URL)
	c.hc.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: "forged"}})
	resp = c.get("/api/plans")
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

func TestRoles(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		role         store.Role
		method, path string
		want         int
	}{
		{store.Viewer, "POST", "/api/plans/1/approve", http.StatusForbidden},
		{store.Viewer, "POST", "/api/plans/1/reject", http.StatusForbidden},
		{store.Viewer, "POST", "/api/plans/1/submit", http.StatusForbidden},
		{store.Viewer, "POST", "/api/datasets", http.StatusForbidden},
		{store.Viewer, "POST", "/api/datasets/1/plans", http.StatusForbidden},
		{store.Viewer, "GET", "/api/audit", http.StatusForbidden},
		{store.Viewer, "POST", "/api/users", http.StatusForbidden},
		{store.Viewer, "GET", "/api/plans", http.StatusOK},
		{store.Planner, "POST", "/api/plans/1/approve", http.StatusForbidden},
		{store.Planner, "POST", "/api/plans/1/reject", http.StatusForbidden},
		{store.Planner, "GET", "/api/audit", http.StatusForbidden},
		{store.Planner, "GET", "/users", http.StatusForbidden},
		{store.Approver, "POST", "/api/datasets", http.StatusForbidden},
		{store.Approver, "POST", "/api/plans/1/submit", http.StatusForbidden},
		{store.Approver, "POST", "/api/plans/1/stop", http.StatusForbidden},
		{store.Approver, "GET", "/api/audit", http.StatusOK},
		{store.Admin, "POST", "/api/datasets", http.StatusForbidden},
		{store.Admin, "POST", "/api/plans/1/approve", http.StatusForbidden},
		{store.Admin, "GET", "/users", http.StatusOK},
		{store.Approver, "POST", "/api/plans/1/approve", http.StatusNotFound}, // allowed; no plan 1
	}
	clients := map[store.Role]*client{}
	for _, tc := range tests {
		t.Run(string(tc.role)+" "+tc.method+" "+tc.path, func(t *testing.T) {
			c := clients[tc.role]
			if c == nil {
				c = ts.login(t, tc.role)
				clients[tc.role] = c
			}
			resp := c.do(tc.method, tc.path, "application/json", strings.NewReader("{}"))
			resp.Body.Close()
			assert.Equal(t, tc.want, resp.StatusCode, "got %d, want %d", resp.StatusCode, tc.want)
		})
	}
}

func TestCSRF(t *testing.T) {
	ts := newTestServer(t)
	c := ts.login(t, store.Approver)
	token := c.csrf
	for _, tc := range []struct{ name, token string }{{"missing", ""}, {"wrong", token[:len(token)-2] + "xx"}} {
		t.Run(tc.name, func(t *testing.T) {
			c.csrf = tc.token
			resp := c.postJSON("/api/plans/1/approve", `{}`)
			body := readAll(t, resp)
			assert.Equal(t, http.StatusForbidden, resp.StatusCode, "got %d, want 403: %s", resp.StatusCode, body)
			assert.Contains(t, string(body), "CSRF")
		})
	}
	// A form without the field is refused as well, the logout form too.
	c.csrf = ""
	resp := c.do("POST", "/logout", "application/x-www-form-urlencoded", strings.NewReader("x=1"))
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	c.csrf = token
	resp = c.do("POST", "/logout", "application/x-www-form-urlencoded", strings.NewReader("csrf="+url.QueryEscape(token)))
	resp.Body.Close()
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode, "the logout form with its token")

	// The login form needs the token of its cookie.
	a := ts.anonymous(t)
	resp = a.do("POST", "/login", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"username": {"viewer"}, "password": {testPassword}}.Encode()))
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "a login form without its token")
}

func TestSessionCookie(t *testing.T) {
	ts := newTestServer(t)
	c := ts.anonymous(t)
	resp := c.postJSON("/api/login", `{"username":"viewer","password":"`+testPassword+`"}`)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var sc *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionCookie {
			sc = ck
		}
	}
	require.NotNil(t, sc)
	assert.True(t, sc.HttpOnly)
	assert.Equal(t, http.SameSiteStrictMode, sc.SameSite)
	assert.WithinDuration(t, time.Now().Add(12*time.Hour), sc.Expires, time.Minute)
	// The store keeps the token's hash, never the token.
	_, err := ts.st.Session(context.Background(), sc.Value, time.Now())
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = ts.st.Session(context.Background(), tokenHash(sc.Value), time.Now())
	assert.NoError(t, err)
}

// clock is a settable clock for Config.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Expired sessions are deleted: those left in the store when the
// workspace starts, and, at each login, those expired by then. A deleted
// session is refused even at a time it had not expired yet.
func TestExpiredSessionsDeleted(t *testing.T) {
	ctx := context.Background()
	// Later than the test's real time: the cookie jar drops cookies that
	// expired by the real clock.
	t0 := time.Date(2036, 7, 1, 9, 0, 0, 0, time.UTC)
	clk := &clock{now: t0}
	ts := newTestServer(t, func(c *Config) {
		c.Now = clk.Now
		u, err := c.Store.UserByName(ctx, "viewer")
		require.NoError(t, err)
		require.NoError(t, c.Store.CreateSession(ctx, store.Session{TokenHash: "left", User: u, CSRF: "c", Expires: t0.Add(-time.Minute)}))
	})
	_, err := ts.st.Session(ctx, "left", t0.Add(-time.Hour))
	assert.ErrorIs(t, err, store.ErrNotFound, "a session expired before the start is still stored")

	status := func(c *client) int {
		resp := c.get("/api/plans")
		resp.Body.Close()
		return resp.StatusCode
	}
	early := ts.login(t, store.Planner)
	require.Equal(t, http.StatusOK, status(early))
	clk.Set(t0.Add(13 * time.Hour)) // the 12-hour session has expired
	assert.Equal(t, http.StatusUnauthorized, status(early), "an expired session was accepted")
	late := ts.login(t, store.Viewer)
	clk.Set(t0.Add(time.Hour)) // both sessions would be valid now
	assert.Equal(t, http.StatusOK, status(late))
	assert.Equal(t, http.StatusUnauthorized, status(early), "the expired session was not deleted at the next login")
	n, err := ts.st.DeleteExpiredSessions(ctx, t0.Add(13*time.Hour))
	require.NoError(t, err)
	assert.Zero(t, n, "got %d expired sessions left after the login, want 0", n)
}

func TestLoginRateLimit(t *testing.T) {
	now := time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)
	ts := newTestServer(t, func(c *Config) {
		c.LoginAttempts = 3
		c.Now = func() time.Time { return now }
	})
	c := ts.anonymous(t)
	login := func(user, password string) int {
		resp := c.postJSON("/api/login", `{"username":"`+user+`","password":"`+password+`"}`)
		resp.Body.Close()
		return resp.StatusCode
	}
	for i := range 3 {
		assert.Equal(t, http.StatusUnauthorized, login("planner", "wrong password"), "attempt %d", i+1)
	}
	assert.Equal(t, http.StatusTooManyRequests, login("planner", testPassword), "the right password after 3 failures")
	assert.Equal(t, http.StatusTooManyRequests, login("viewer", testPassword), "another user from the same address")
	now = now.Add(16 * time.Minute)
	assert.Equal(t, http.StatusOK, login("planner", testPassword), "after the window")

	es, err := ts.st.Audit(context.Background(), 0)
	require.NoError(t, err)
	actions := map[string]int{}
	for _, e := range es {
		actions[e.Action]++
	}
	assert.Equal(t, 3, actions["login.failed"])
	assert.Equal(t, 2, actions["login.blocked"])
	assert.Equal(t, 1, actions["login"])
}

func TestUploadInvalid(t *testing.T) {
	ts := newTestServer(t)
	c := ts.login(t, store.Planner)
	resp := c.upload("testdata/broken", nil)
	body := readAll(t, resp)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "%s", body)
	var reply apiError
	require.NoError(t, json.Unmarshal(body, &reply))
	texts := make([]string, 0, len(reply.Problems))
	for _, p := range reply.Problems {
		texts = append(texts, p.Text)
	}
	all := strings.Join(texts, "\n")
	assert.Contains(t, all, `schools.csv:3: column type: error: got "school"`)
	assert.Contains(t, all, "teachers.csv:4: column school_id: error: unknown school S009")
	assert.Contains(t, all, "teachers.csv:5: column birth: error:")
	var typeProblem *problemJSON
	for i, p := range reply.Problems {
		if p.Column == "type" {
			typeProblem = &reply.Problems[i]
		}
	}
	require.NotNil(t, typeProblem)
	assert.Equal(t, "schools.csv", typeProblem.File)
	assert.Equal(t, 3, typeProblem.Line)

	ds, err := ts.st.Datasets(context.Background())
	require.NoError(t, err)
	assert.Empty(t, ds, "an invalid dataset was stored")

	// The page shows the same problems in a table, with 422.
	ct, b := multipartFiles(t, "testdata/broken", nil)
	resp = c.do("POST", "/datasets", ct, b)
	page := string(readAll(t, resp))
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Contains(t, page, "<td>schools.csv</td><td>3</td><td>type</td>")
}

func TestUploadRefused(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.MaxUpload = 4 << 10 })
	c := ts.login(t, store.Planner)
	tests := []struct {
		name  string
		files map[string][]byte
		want  int
	}{
		{"not a dataset file", map[string][]byte{"schools.csv": []byte("x"), "run.exe": []byte("MZ")}, http.StatusBadRequest},
		{"path traversal", map[string][]byte{"../../etc/schools.txt.sh": []byte("x")}, http.StatusBadRequest},
		{"no files", map[string][]byte{}, http.StatusBadRequest},
		{"over the limit", map[string][]byte{"teachers.csv": []byte(strings.Repeat("a,b\n", 4<<10))}, http.StatusRequestEntityTooLarge},
		{"missing teachers", map[string][]byte{"schools.csv": []byte("school_id,name\nS1,a\n")}, http.StatusUnprocessableEntity},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := c.upload("", tc.files)
			body := readAll(t, resp)
			assert.Equal(t, tc.want, resp.StatusCode, "got %d, want %d: %s", resp.StatusCode, tc.want, body)
		})
	}
	// The upload form, whose token is a field of the multipart body.
	ct, body := multipartFiles(t, "", map[string][]byte{"teachers.csv": []byte(strings.Repeat("a,b\n", 4<<10))})
	c.csrf = ""
	resp := c.do("POST", "/datasets", ct, body)
	resp.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, "an oversized upload form")

	ds, err := ts.st.Datasets(context.Background())
	require.NoError(t, err)
	assert.Empty(t, ds, "a refused upload was stored")
}

// zipBomb is an XLSX-shaped zip whose one sheet unzips to size bytes of
// zeros, a thousand times its packed size.
func zipBomb(t *testing.T, size int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	require.NoError(t, err)
	zeros := make([]byte, 1<<20)
	for range size >> 20 {
		_, err := w.Write(zeros)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return b.Bytes()
}

func TestUploadZipBomb(t *testing.T) {
	ts := newTestServer(t)
	c := ts.login(t, store.Planner)
	schools, err := os.ReadFile(filepath.Join(sampleCounty, "schools.csv"))
	require.NoError(t, err)
	bomb := zipBomb(t, 64<<20)
	require.Less(t, len(bomb), 1<<20, "the bomb is not small")
	resp := c.upload("", map[string][]byte{"schools.csv": schools, "teachers.xlsx": bomb})
	body := readAll(t, resp)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "%s", body)
	var reply apiError
	require.NoError(t, json.Unmarshal(body, &reply))
	require.NotEmpty(t, reply.Problems)
	found := false
	for _, p := range reply.Problems {
		found = found || (p.File == "teachers.xlsx" && p.Severity == "error" && strings.Contains(p.Message, "zip bomb"))
	}
	assert.True(t, found, "no zip bomb error about teachers.xlsx in %s", body)
	ds, err := ts.st.Datasets(context.Background())
	require.NoError(t, err)
	assert.Empty(t, ds)
}

func TestUsersAdmin(t *testing.T) {
	ts := newTestServer(t)
	c := ts.login(t, store.Admin)
	resp := c.postJSON("/api/users", `{"name":"zhang","role":"planner","password":"`+testPassword+`"}`)
	body := readAll(t, resp)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", body)
	resp = c.postJSON("/api/users", `{"name":"zhang","role":"planner","password":"`+testPassword+`"}`)
	resp.Body.Close()
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	resp = c.postJSON("/api/users", `{"name":"li","role":"root","password":"`+testPassword+`"}`)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	resp = c.postJSON("/api/users", `{"name":"li","role":"viewer","password":"short"}`)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	ts.login(t, "zhang") // the new planner logs in
}

func TestLimiterForgets(t *testing.T) {
	l := newLimiter(2, time.Minute)
	t0 := time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)
	for i := range maxLimiterKeys {
		l.fail(t0, fmt.Sprintf("user:%d", i))
	}
	l.fail(t0, "user:a", "user:a")
	assert.True(t, l.blocked(t0.Add(30*time.Second), "user:a"))
	l.fail(t0.Add(2*time.Minute), "user:b")
	assert.Len(t, l.fails, 1, "got %d keys after the window, want only the new one", len(l.fails))
	assert.False(t, l.blocked(t0.Add(2*time.Minute), "user:a"))
}
