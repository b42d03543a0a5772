package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
	"github.com/rotaplan/rotaplan/model"
)

// Config are the settings of a workspace. Zero values are usable but for
// Store.
type Config struct {
	Store   store.Store
	Version string    // rotaplan's version, in the documents' provenance
	Log     io.Writer // diagnostics; nil discards them
	// MaxUpload bounds the size of one dataset upload, all files together;
	// zero means 64 MiB.
	MaxUpload int64
	// MaxJobs is how many plans are searched at once, the others wait
	// queued and start in the order they were asked for; zero means one.
	MaxJobs int
	// MaxThreads bounds the search threads of one plan; zero means two.
	MaxThreads int
	// SessionTTL is how long a login lasts; zero means 12 hours.
	SessionTTL time.Duration
	// Secure marks the cookies Secure: set it when the workspace is
	// reached over HTTPS (behind a reverse proxy).
	Secure bool
	// LoginAttempts failed logins of one user name or one address within
	// LoginWindow block further attempts until the window has passed;
	// zeros mean 5 and 15 minutes.
	LoginAttempts int
	LoginWindow   time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Server is the workspace: an http.Handler and the plan jobs it runs.
type Server struct {
	cfg     Config
	st      store.Store
	mux     *http.ServeMux
	limit   *limiter
	log     io.Writer
	jobs    *jobs
	cache   *lru[cached]   // loaded datasets by ID, re-plans' instances by -ID
	done    *lru[*outcome] // done plans' outcomes by ID, Lang unset
	pages   pages
	baseCtx context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// New returns the workspace of cfg. Plans that a previous process left
// queued or running are marked failed: their jobs died with it. Expired
// sessions are deleted now and every sessionSweep until Close.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("workspace: no store")
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = 64 << 20
	}
	cfg.MaxJobs = max(cfg.MaxJobs, 1)
	if cfg.MaxThreads <= 0 {
		cfg.MaxThreads = 2
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.LoginAttempts <= 0 {
		cfg.LoginAttempts = 5
	}
	if cfg.LoginWindow <= 0 {
		cfg.LoginWindow = 15 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	pg, err := parsePages()
	if err != nil {
		return nil, err
	}
	base, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s := &Server{cfg: cfg, st: cfg.Store, mux: http.NewServeMux(), log: cfg.Log, pages: pg,
		limit: newLimiter(cfg.LoginAttempts, cfg.LoginWindow), jobs: newJobs(cfg.MaxJobs),
		cache: newLRU[cached](4), done: newLRU[*outcome](4), baseCtx: base, cancel: cancel}
	if n, err := s.st.FailUnfinished(ctx, "the workspace stopped before the plan was done"); err != nil {
		cancel()
		return nil, err
	} else if n > 0 {
		fmt.Fprintf(s.log, "workspace: %d unfinished plans of a previous run marked failed\n", n)
	}
	if err := s.sweepSessions(ctx); err != nil {
		cancel()
		return nil, err
	}
	s.wg.Add(1)
	go s.sweepEvery(sessionSweep)
	s.routes()
	return s, nil
}

// sessionSweep is how often expired sessions are deleted.
const sessionSweep = time.Hour

// sweepSessions deletes the sessions expired by now.
func (s *Server) sweepSessions(ctx context.Context) error {
	if _, err := s.st.DeleteExpiredSessions(ctx, s.cfg.Now()); err != nil {
		return fmt.Errorf("workspace: %w", err)
	}
	return nil
}

// sweepEvery deletes the expired sessions every d until Close.
func (s *Server) sweepEvery(d time.Duration) {
	defer s.wg.Done()
	tick := time.NewTicker(d)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			if err := s.sweepSessions(s.baseCtx); err != nil {
				fmt.Fprintf(s.log, "%v\n", err)
			}
		case <-s.baseCtx.Done():
			return
		}
	}
}

// Close stops the running plans (each keeps its best plan so far, as
// Stop does) and the sweep of expired sessions, and waits until the plans
// are stored.
func (s *Server) Close() {
	s.cancel()
	s.wg.Wait()
}

// ServeHTTP serves a request with the security headers of every response.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	s.mux.ServeHTTP(w, r)
}

// perm is what a route needs.
type perm uint8

const (
	permRead   perm = iota // every role
	permPlan               // planner: datasets, plans, submit
	permReview             // approver: approve, reject
	permAudit              // admin, approver: the audit log
	permAdmin              // admin: users
)

// allowed reports whether role may do what p names.
func allowed(role store.Role, p perm) bool {
	switch p {
	case permRead:
		return true
	case permPlan:
		return role == store.Planner
	case permReview:
		return role == store.Approver
	case permAudit:
		return role == store.Admin || role == store.Approver
	case permAdmin:
		return role == store.Admin
	}
	return false
}

// handler is a route's handler, called with the caller's session.
type handler func(w http.ResponseWriter, r *http.Request, se store.Session)

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(staticFS)))
	m.HandleFunc("GET /lang/{lang}", s.setLang)
	m.HandleFunc("GET /login", s.loginPage)
	m.HandleFunc("POST /login", s.loginForm)
	m.HandleFunc("POST /api/login", s.loginAPI)
	m.HandleFunc("/", s.notFound)
	m.HandleFunc("/api/", s.notFound)

	s.handle("GET /{$}", permRead, func(w http.ResponseWriter, r *http.Request, _ store.Session) {
		http.Redirect(w, r, "/plans", http.StatusSeeOther)
	})
	s.handle("POST /logout", permRead, s.logout)
	s.handle("POST /api/logout", permRead, s.logout)

	s.handle("GET /datasets", permRead, s.datasetsPage)
	s.handle("POST /datasets", permPlan, s.uploadDataset)
	s.handle("POST /api/datasets", permPlan, s.uploadDataset)
	s.handle("GET /api/datasets", permRead, s.datasetsAPI)
	s.handle("GET /datasets/{id}", permRead, s.datasetPage)
	s.handle("GET /api/datasets/{id}", permRead, s.datasetAPI)
	s.handle("POST /datasets/{id}/plans", permPlan, s.startPlan)
	s.handle("POST /api/datasets/{id}/plans", permPlan, s.startPlan)

	s.handle("GET /plans", permRead, s.plansPage)
	s.handle("GET /api/plans", permRead, s.plansAPI)
	s.handle("GET /plans/{id}", permRead, s.planPage)
	s.handle("GET /api/plans/{id}", permRead, s.planAPI)
	s.handle("GET /api/plans/{id}/diff", permRead, s.planDiff)
	s.handle("GET /plans/{id}/events", permRead, s.planEvents)
	s.handle("GET /api/plans/{id}/events", permRead, s.planEvents)
	s.handle("GET /plans/{id}/files/{name}", permRead, s.planFile)
	s.handle("GET /api/plans/{id}/files/{name}", permRead, s.planFile)
	for _, a := range reviewActions {
		s.handle("POST /plans/{id}/"+a.name, a.perm, s.review)
		s.handle("POST /api/plans/{id}/"+a.name, a.perm, s.review)
	}
	s.handle("GET /plans/{id}/explain/{teacher_id}", permRead, s.explain)
	s.handle("GET /api/plans/{id}/explain/{teacher_id}", permRead, s.explain)
	s.handle("POST /plans/{id}/pins", permPlan, s.pinPlan)
	s.handle("POST /api/plans/{id}/pins", permPlan, s.pinPlan)
	s.handle("POST /plans/{id}/stop", permPlan, s.stopPlan)
	s.handle("POST /api/plans/{id}/stop", permPlan, s.stopPlan)

	s.handle("GET /audit", permAudit, s.auditPage)
	s.handle("GET /api/audit", permAudit, s.auditAPI)
	s.handle("GET /users", permAdmin, s.usersPage)
	s.handle("POST /users", permAdmin, s.addUser)
	s.handle("POST /api/users", permAdmin, s.addUser)
}

// handle registers a route that needs a session whose role has p, and,
// unless the method is GET or HEAD, the session's CSRF token.
func (s *Server) handle(pattern string, p perm, h handler) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		se, ok := s.session(r)
		if !ok {
			if isAPI(r) || r.Method != http.MethodGet {
				s.fail(w, r, nil, http.StatusUnauthorized, "请先登录", "log in first")
				return
			}
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		if !allowed(se.User.Role, p) {
			s.fail(w, r, &se, http.StatusForbidden, "当前角色无权执行此操作", "your role may not do this")
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			token, err := s.csrfOf(w, r)
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				s.fail(w, r, &se, http.StatusRequestEntityTooLarge,
					fmt.Sprintf("上传内容超过 %d MiB 的上限", tooBig.Limit>>20), fmt.Sprintf("request over the limit of %d MiB", tooBig.Limit>>20))
				return
			}
			if !sameToken(token, se.CSRF) {
				s.fail(w, r, &se, http.StatusForbidden, "缺少或错误的 CSRF 令牌，请刷新页面后重试", "missing or wrong CSRF token: reload the page and try again")
				return
			}
		}
		h(w, r, se)
	})
}

// csrfOf is the CSRF token a request sends: the X-CSRF-Token header, else
// the form field csrf. A multipart form (an upload) is parsed here, within
// the upload limit, so the handler finds it parsed.
func (s *Server) csrfOf(w http.ResponseWriter, r *http.Request) (string, error) {
	if t := r.Header.Get("X-CSRF-Token"); t != "" {
		return t, nil
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload)
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			return "", err
		}
		return r.FormValue("csrf"), nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		return "", err
	}
	return r.PostFormValue("csrf"), nil
}

const sessionCookie = "rotaplan_session"

// session returns the caller's unexpired session.
func (s *Server) session(r *http.Request) (store.Session, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return store.Session{}, false
	}
	se, err := s.st.Session(r.Context(), tokenHash(c.Value), s.cfg.Now())
	if err != nil {
		return store.Session{}, false
	}
	return se, true
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// clientIP is the address a request came from (the proxy's, behind one).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// apiError is the JSON body of a failed API call.
type apiError struct {
	Error    string        `json:"error"`
	Problems []problemJSON `json:"problems,omitempty"`
}

// fail answers a request with an error: JSON for the API, an error page
// for the browser.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, se *store.Session, status int, zh, en string) {
	if isAPI(r) {
		writeJSON(w, status, apiError{Error: en})
		return
	}
	s.render(w, r, se, status, "error", tr(langOf(r), zh, en))
}

// internal answers a request that failed on the server's side and logs why.
func (s *Server) internal(w http.ResponseWriter, r *http.Request, se *store.Session, err error) {
	fmt.Fprintf(s.log, "workspace: %s %s: %v\n", r.Method, r.URL.Path, model.MaskIDNumbers(err.Error()))
	s.fail(w, r, se, http.StatusInternalServerError, "服务器内部错误", "internal server error")
}

// storeError answers a store error: not found, a conflict, or internal.
func (s *Server) storeError(w http.ResponseWriter, r *http.Request, se *store.Session, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.fail(w, r, se, http.StatusNotFound, "未找到", "not found")
	case errors.Is(err, store.ErrConflict):
		s.fail(w, r, se, http.StatusConflict, "当前状态不允许此操作", "not allowed in the current state")
	default:
		s.internal(w, r, se, err)
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		writeJSON(w, http.StatusNotFound, apiError{Error: "not found"})
		return
	}
	http.NotFound(w, r)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the client went away
}

// idParam is the path's {id}; 0 when it is not a positive number.
func idParam(r *http.Request) int64 {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

// audit appends to the audit log; a failure is logged and returned.
func (s *Server) audit(ctx context.Context, e store.Entry) error {
	e.At = s.cfg.Now()
	e.Detail = model.MaskIDNumbers(e.Detail)
	if _, err := s.st.Append(context.WithoutCancel(ctx), e); err != nil {
		fmt.Fprintf(s.log, "workspace: audit %s: %v\n", e.Action, err)
		return err
	}
	return nil
}
