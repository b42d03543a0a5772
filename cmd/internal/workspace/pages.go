package workspace

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
)

//go:embed assets/templates/*.html
var templateFS embed.FS

//go:embed assets/static
var staticEmbed embed.FS

// staticFS holds app.js and app.css, served under /static/.
var staticFS, _ = fs.Sub(staticEmbed, "assets/static")

// pages are the page templates by name, each with the layout.
type pages map[string]*template.Template

var pageNames = []string{"login", "error", "datasets", "dataset", "plans", "plan", "explain", "users", "audit"}

func parsePages() (pages, error) {
	funcs := template.FuncMap{
		"when": func(t time.Time) string { return t.Local().Format("2006-01-02 15:04") },
		"num":  func(v float64) string { return fmt.Sprintf("%.2f", v) },
		"pct":  func(v float64) string { return fmt.Sprintf("%.3f%%", 100*v) },
		// dict makes a map of its key, value arguments (strings).
		"dict": func(kv ...string) map[string]string {
			m := make(map[string]string, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i]] = kv[i+1]
			}
			return m
		},
	}
	pg := pages{}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "assets/templates/layout.html", "assets/templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("page %s: %w", name, err)
		}
		pg[name] = t
	}
	return pg, nil
}

// page is what every page template gets.
type page struct {
	Lang  string // zh or en
	User  *store.User
	CSRF  string
	Path  string
	Data  any
	Error string // the message of the error page
}

// T picks the text of the page's language.
func (p page) T(zh, en string) string { return tr(p.Lang, zh, en) }

// Can reports whether the user's role has the named right: plan, review,
// audit or admin.
func (p page) Can(what string) bool {
	if p.User == nil {
		return false
	}
	m := map[string]perm{"plan": permPlan, "review": permReview, "audit": permAudit, "admin": permAdmin}
	pr, ok := m[what]
	return ok && allowed(p.User.Role, pr)
}

// words are the Chinese of the states a page shows.
var words = map[string]string{
	"queued": "排队中", "running": "编制中", "done": "已完成", "failed": "失败",
	"draft": "草稿", "submitted": "待审核", "approved": "已批准", "rejected": "已退回",
	"admin": "管理员", "planner": "规划人员", "approver": "审核人", "viewer": "查看者",
	"budget": "迭代预算用完", "gap": "达到差距目标", "target": "达到目标值", "time_limit": "达到时限", "interrupted": "被停止",
}

// Word is a state (queued, done, approved, …) or a role in the page's
// language.
func (p page) Word(state string) string {
	if w, ok := words[state]; ok && p.Lang != "en" {
		return w
	}
	return state
}

func tr(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

const langCookie = "rotaplan_lang"

// langOf is the language of the pages for r: the cookie's, else Chinese.
func langOf(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
		return "en"
	}
	return "zh"
}

// setLang switches the language and goes back to the page of ?next.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	lang := r.PathValue("lang")
	if lang != "en" {
		lang = "zh"
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.cfg.Secure})
	next := r.URL.Query().Get("next")
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// render writes the page name with data; se is nil before login.
func (s *Server) render(w http.ResponseWriter, r *http.Request, se *store.Session, status int, name string, data any) {
	p := page{Lang: langOf(r), Path: r.URL.Path, Data: data}
	if se != nil {
		p.CSRF = se.CSRF
		if se.User.ID != 0 { // the login page has a token but no user
			p.User = &se.User
		}
	}
	if name == "error" {
		p.Error, _ = data.(string)
	}
	var b bytes.Buffer
	if err := s.pages[name].Execute(&b, p); err != nil {
		fmt.Fprintf(s.log, "workspace: page %s: %v\n", name, err)
		http.Error(w, "internal server error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}
