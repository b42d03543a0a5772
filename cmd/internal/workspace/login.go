package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
)

var errBadLogin = errors.New("wrong user name or password")

// login checks a user name and password against the limiter and the
// store, and opens a session; it returns the session token.
func (s *Server) login(ctx context.Context, name, password, ip string) (string, store.Session, error) {
	now := s.cfg.Now()
	userKey, ipKey := "user:"+name, "ip:"+ip
	if s.limit.blocked(now, userKey, ipKey) {
		_ = s.audit(ctx, store.Entry{User: name, Action: "login.blocked", Detail: "from " + ip})
		return "", store.Session{}, errTooManyAttempts
	}
	u, err := s.st.UserByName(ctx, name)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", store.Session{}, err
	}
	// An unknown name costs the same hash as a known one.
	hash := u.PasswordHash
	if err != nil {
		hash = dummyHash
	}
	if !CheckPassword(hash, password) || err != nil {
		s.limit.fail(now, userKey, ipKey)
		_ = s.audit(ctx, store.Entry{User: name, Action: "login.failed", Detail: "from " + ip})
		return "", store.Session{}, errBadLogin
	}
	s.limit.succeed(userKey)
	// A login deletes the sessions expired by now, between the sweeps.
	if err := s.sweepSessions(ctx); err != nil {
		fmt.Fprintf(s.log, "%v\n", err)
	}
	token := newToken()
	se := store.Session{TokenHash: tokenHash(token), User: u, CSRF: newToken(), Expires: now.Add(s.cfg.SessionTTL)}
	if err := s.st.CreateSession(ctx, se); err != nil {
		return "", store.Session{}, err
	}
	_ = s.audit(ctx, store.Entry{User: u.Name, Action: "login", Detail: "from " + ip})
	return token, se, nil
}

// dummyHash is checked for unknown user names, so that they take as long
// as known ones.
var dummyHash, _ = HashPassword("not the password of anyone")

func (s *Server) setSession(w http.ResponseWriter, token string, se store.Session) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", Expires: se.Expires,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.cfg.Secure})
}

// loginCSRFCookie holds the token the login form must send back (a
// double-submit token: there is no session yet).
const loginCSRFCookie = "rotaplan_login"

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	token := newToken()
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: token, Path: "/login", MaxAge: 3600,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.cfg.Secure})
	s.render(w, r, &store.Session{CSRF: token}, http.StatusOK, "login", nil)
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	c, err := r.Cookie(loginCSRFCookie)
	if err != nil || !sameToken(r.PostFormValue("csrf"), c.Value) {
		s.fail(w, r, nil, http.StatusForbidden, "登录表单已过期，请刷新页面后重试", "the login form expired: reload the page and try again")
		return
	}
	token, se, err := s.login(r.Context(), r.PostFormValue("username"), r.PostFormValue("password"), clientIP(r))
	if err != nil {
		s.loginFailed(w, r, err)
		return
	}
	s.setSession(w, token, se)
	http.Redirect(w, r, "/plans", http.StatusSeeOther)
}

func (s *Server) loginFailed(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, errTooManyAttempts):
		s.fail(w, r, nil, http.StatusTooManyRequests, "登录失败次数过多，请稍后再试", err.Error())
	case errors.Is(err, errBadLogin):
		s.fail(w, r, nil, http.StatusUnauthorized, "用户名或密码错误", err.Error())
	default:
		s.internal(w, r, nil, err)
	}
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type loginReply struct {
	User      string    `json:"user"`
	Role      string    `json:"role"`
	CSRFToken string    `json:"csrf_token"`
	Expires   time.Time `json:"expires"`
}

// loginAPI is POST /api/login: JSON {"username", "password"} gives the
// session cookie and the CSRF token to send in X-CSRF-Token.
func (s *Server) loginAPI(w http.ResponseWriter, r *http.Request) {
	var req loginRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Error: "want JSON {\"username\": …, \"password\": …}"})
		return
	}
	token, se, err := s.login(r.Context(), req.Username, req.Password, clientIP(r))
	if err != nil {
		s.loginFailed(w, r, err)
		return
	}
	s.setSession(w, token, se)
	writeJSON(w, http.StatusOK, loginReply{User: se.User.Name, Role: string(se.User.Role), CSRFToken: se.CSRF, Expires: se.Expires})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, se store.Session) {
	if err := s.st.DeleteSession(r.Context(), se.TokenHash); err != nil {
		s.internal(w, r, &se, err)
		return
	}
	_ = s.audit(r.Context(), store.Entry{User: se.User.Name, Action: "logout"})
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.cfg.Secure})
	if isAPI(r) {
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
