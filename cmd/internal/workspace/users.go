package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
)

// NewUser is a user to create: a name, a role, the password, and for a
// viewer optionally the ID of the one school whose moves it sees.
type NewUser struct {
	Name     string
	Role     store.Role
	Password string
	School   string
}

// AddUser creates a user with a hashed password and writes it to the
// audit log as done by actor ("" for the command line).
func AddUser(ctx context.Context, st store.Store, actor string, nu NewUser) (store.User, error) {
	if err := checkUserName(nu.Name); err != nil {
		return store.User{}, err
	}
	if _, err := store.ParseRole(string(nu.Role)); err != nil {
		return store.User{}, err
	}
	nu.School = strings.TrimSpace(nu.School)
	switch {
	case nu.School != "" && nu.Role != store.Viewer:
		return store.User{}, fmt.Errorf("school: only a viewer is limited to one school, not a %s", nu.Role)
	case len([]rune(nu.School)) > 64:
		return store.User{}, errors.New("school: want a school ID of at most 64 characters")
	}
	hash, err := HashPassword(nu.Password)
	if err != nil {
		return store.User{}, err
	}
	u, err := st.CreateUser(ctx, store.User{Name: nu.Name, Role: nu.Role, PasswordHash: hash, School: nu.School})
	if err != nil {
		return store.User{}, err
	}
	if actor == "" {
		actor = "(command line)"
	}
	detail := fmt.Sprintf("%s as %s", nu.Name, nu.Role)
	if nu.School != "" {
		detail += " of school " + nu.School
	}
	if _, err := st.Append(ctx, store.Entry{At: time.Now(), User: actor, Action: "user.add", Detail: detail}); err != nil {
		return u, fmt.Errorf("audit: %w", err)
	}
	return u, nil
}

// checkUserName accepts 1 to 64 letters, digits, '.', '_' and '-'.
func checkUserName(name string) error {
	if name == "" || len([]rune(name)) > 64 {
		return errors.New("user name: want 1 to 64 characters")
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '_' && r != '-' {
			return fmt.Errorf("user name %q: want letters, digits, '.', '_' or '-'", name)
		}
	}
	return nil
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, se store.Session) {
	us, err := s.st.Users(r.Context())
	if err != nil {
		s.internal(w, r, &se, err)
		return
	}
	s.render(w, r, &se, http.StatusOK, "users", us)
}

// addUser is POST /users (admin): name, role and password, a form or JSON
// {"name", "role", "password"}.
func (s *Server) addUser(w http.ResponseWriter, r *http.Request, se store.Session) {
	var req struct {
		Name     string `json:"name"`
		Role     string `json:"role"`
		Password string `json:"password"`
		School   string `json:"school"`
	}
	if isJSON(r) {
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&req); err != nil {
			s.fail(w, r, &se, http.StatusBadRequest, "需要 JSON {\"name\", \"role\", \"password\"}", "want JSON {\"name\", \"role\", \"password\"}")
			return
		}
	} else {
		req.Name, req.Role, req.Password, req.School = r.PostFormValue("name"), r.PostFormValue("role"), r.PostFormValue("password"), r.PostFormValue("school")
	}
	u, err := AddUser(r.Context(), s.st, se.User.Name, NewUser{Name: req.Name, Role: store.Role(req.Role), Password: req.Password, School: req.School})
	switch {
	case errors.Is(err, store.ErrConflict):
		s.fail(w, r, &se, http.StatusConflict, "用户名已存在", err.Error())
		return
	case err != nil && u.ID == 0:
		s.fail(w, r, &se, http.StatusBadRequest, "无法创建用户："+err.Error(), "cannot add the user: "+err.Error())
		return
	case err != nil:
		s.internal(w, r, &se, err)
		return
	}
	if isAPI(r) {
		writeJSON(w, http.StatusCreated, map[string]any{"id": u.ID, "name": u.Name, "role": u.Role, "school": u.School})
		return
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
}

// auditJSON is an audit row as the API gives it.
type auditJSON struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	User      string    `json:"user"`
	Action    string    `json:"action"`
	DatasetID int64     `json:"dataset_id,omitempty"`
	PlanID    int64     `json:"plan_id,omitempty"`
	Detail    string    `json:"detail,omitempty"`
	InputsSHA string    `json:"inputs_sha256,omitempty"`
	Hash      string    `json:"hash"`
}

// auditLimit is how many audit rows the page and the API show, newest
// first, unless ?limit says otherwise.
const auditLimit = 500

func (s *Server) entries(r *http.Request) ([]store.Entry, error) {
	limit := auditLimit
	if n, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil && n > 0 {
		limit = n
	}
	return s.st.Audit(r.Context(), limit)
}

func (s *Server) auditAPI(w http.ResponseWriter, r *http.Request, se store.Session) {
	es, err := s.entries(r)
	if err != nil {
		s.internal(w, r, &se, err)
		return
	}
	out := make([]auditJSON, 0, len(es))
	for _, e := range es {
		out = append(out, auditJSON{ID: e.ID, At: e.At, User: e.User, Action: e.Action, DatasetID: e.DatasetID, PlanID: e.PlanID,
			Detail: e.Detail, InputsSHA: e.InputsSHA, Hash: e.Hash})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, se store.Session) {
	es, err := s.entries(r)
	if err != nil {
		s.internal(w, r, &se, err)
		return
	}
	s.render(w, r, &se, http.StatusOK, "audit", es)
}
