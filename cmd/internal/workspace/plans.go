package workspace

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// destSHA is the SHA-256 of a plan's destinations, the input an approval
// or a download refers to.
func destSHA(dest []int32) string {
	b, _ := json.Marshal(dest) // numbers only
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// isJSON reports whether the request body is JSON.
func isJSON(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Content-Type"), "application/json")
}

// startPlan is POST /datasets/{id}/plans: JSON options (or the form's
// fields) start a plan job; the reply names the plan.
func (s *Server) startPlan(w http.ResponseWriter, r *http.Request, se store.Session) {
	in, d, err := s.instance(r, idParam(r))
	if err != nil {
		s.storeError(w, r, &se, err)
		return
	}
	opts := planOptions{Seed: 1, TimeLimit: 60, Threads: s.cfg.MaxThreads, Gap: 0.001}
	if isJSON(r) {
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&opts); err != nil {
			s.fail(w, r, &se, http.StatusBadRequest, "选项格式有误："+err.Error(), "bad options: "+err.Error())
			return
		}
	} else if err := formOptions(r, &opts); err != nil {
		s.fail(w, r, &se, http.StatusBadRequest, "选项有误："+err.Error(), "bad options: "+err.Error())
		return
	}
	if err := opts.check(s.cfg.MaxThreads); err != nil {
		s.fail(w, r, &se, http.StatusBadRequest, "选项有误："+err.Error(), "bad options: "+err.Error())
		return
	}
	js, _ := json.Marshal(opts) // numbers only
	id, err := s.st.CreatePlan(r.Context(), store.Plan{DatasetID: d.ID, Creator: se.User.Name, Created: s.cfg.Now(), Options: string(js)})
	if err != nil {
		s.internal(w, r, &se, err)
		return
	}
	_ = s.audit(r.Context(), store.Entry{User: se.User.Name, Action: "plan.start", DatasetID: d.ID, PlanID: id, InputsSHA: d.InputsSHA, Detail: string(js)})
	ctx, cancel := context.WithCancel(s.baseCtx)
	j := s.jobs.add(id, cancel)
	s.wg.Add(1)
	go s.run(ctx, id, j, in, se.User.Name, d.ID, opts)
	if isAPI(r) {
		writeJSON(w, http.StatusAccepted, map[string]int64{"id": id})
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/plans/%d", id), http.StatusSeeOther)
}

// formOptions reads the plan options of the dataset page's form; empty
// fields keep their defaults.
func formOptions(r *http.Request, o *planOptions) error {
	var err error
	field := func(name string, set func(string) error) {
		if v := strings.TrimSpace(r.PostFormValue(name)); v != "" && err == nil {
			if e := set(v); e != nil {
				err = fmt.Errorf("%s: got %q, want a number", name, v)
			}
		}
	}
	field("seed", func(v string) (e error) { o.Seed, e = strconv.ParseUint(v, 10, 64); return })
	field("time_limit", func(v string) (e error) { o.TimeLimit, e = strconv.ParseFloat(v, 64); return })
	field("threads", func(v string) (e error) { o.Threads, e = strconv.Atoi(v); return })
	field("iterations", func(v string) (e error) { o.Iterations, e = strconv.ParseInt(v, 10, 64); return })
	field("gap", func(v string) (e error) { o.Gap, e = strconv.ParseFloat(v, 64); return })
	return err
}

// planOf returns the plan of the path's {id}.
func (s *Server) planOf(r *http.Request) (store.Plan, error) {
	return s.st.Plan(r.Context(), idParam(r))
}

// outcome is a done plan with its instance, evaluator and report.
type outcome struct {
	plan    store.Plan
	dataset store.Dataset
	in      *model.Instance
	ev      *solver.Evaluator
	data    document.Data // the documents' data: no identity numbers
}

var statuses = []solver.Status{solver.StatusBudget, solver.StatusGap, solver.StatusTarget, solver.StatusTimeLimit, solver.StatusInterrupted}

// outcomeOf is the report of a done plan p in the language lang, rebuilt
// from its dataset and its destinations as rotaplan plan has it after the
// search. The last few are kept: a done plan's destinations never change,
// and the evaluator and the report are read only.
func (s *Server) outcomeOf(r *http.Request, p store.Plan, lang string) (*outcome, error) {
	o, ok := s.done.get(p.ID)
	if !ok {
		var err error
		if o, err = s.newOutcome(r, p); err != nil {
			return nil, err
		}
		s.done.put(p.ID, o)
	}
	v := *o
	v.plan = p // its review may have changed
	v.data.Lang = lang
	return &v, nil
}

// doneOutcome is the outcome of the request's plan in lang when the plan
// is done; otherwise it answers the request (not found, 409 while the
// plan is not done, or the error) and reports false.
func (s *Server) doneOutcome(w http.ResponseWriter, r *http.Request, se *store.Session, lang string) (*outcome, bool) {
	p, err := s.planOf(r)
	if err != nil {
		s.storeError(w, r, se, err)
		return nil, false
	}
	if p.Status != store.PlanDone {
		s.fail(w, r, se, http.StatusConflict, "方案尚未完成", "the plan is not done")
		return nil, false
	}
	o, err := s.outcomeOf(r, p, lang)
	if err != nil {
		s.internal(w, r, se, err)
		return nil, false
	}
	return o, true
}

// newOutcome rebuilds the report of a done plan, without a language.
func (s *Server) newOutcome(r *http.Request, p store.Plan) (*outcome, error) {
	in, d, err := s.planInstance(r, p)
	if err != nil {
		return nil, err
	}
	if len(p.Dest) != len(in.Teachers) {
		return nil, fmt.Errorf("plan %d has %d destinations for %d teachers", p.ID, len(p.Dest), len(in.Teachers))
	}
	var opts planOptions
	if err := json.Unmarshal([]byte(p.Options), &opts); err != nil {
		return nil, fmt.Errorf("plan %d options: %w", p.ID, err)
	}
	ev := solver.NewEvaluator(in)
	plan := solver.Plan{Dest: p.Dest}
	rep := ev.Report(plan)
	res := &solver.Result{Plan: plan, Score: ev.Score(plan), Bound: p.Bound}
	for _, st := range statuses {
		if st.String() == p.StopReason {
			res.Status = st
		}
	}
	prov := document.NewProvenance(in, d.Name, s.cfg.Version)
	prov.Seed, prov.Threads, prov.Iterations, prov.Gap = opts.Seed, opts.Threads, opts.Iterations, opts.Gap
	return &outcome{plan: p, dataset: d, in: in, ev: ev,
		data: document.Data{In: withoutIDNumbers(in), Report: rep, Result: res, Prov: prov}}, nil
}

// withoutIDNumbers is a copy of in whose teachers carry no identity
// number, for everything the workspace shows.
func withoutIDNumbers(in *model.Instance) *model.Instance {
	v := *in
	v.Teachers = slices.Clone(in.Teachers)
	for i := range v.Teachers {
		v.Teachers[i].IDNumber = ""
	}
	return &v
}

// planJSON is a plan as the API gives it.
type planJSON struct {
	ID         int64              `json:"id"`
	DatasetID  int64              `json:"dataset_id"`
	Parent     int64              `json:"parent,omitempty"` // the plan a re-plan was made against
	Creator    string             `json:"creator"`
	Created    time.Time          `json:"created"`
	Options    json.RawMessage    `json:"options"`
	Status     string             `json:"status"`
	Review     string             `json:"review"`
	Comment    string             `json:"comment,omitempty"`
	Error      string             `json:"error,omitempty"`
	Progress   *progressJSON      `json:"progress,omitempty"`
	StopReason string             `json:"stop_reason,omitempty"`
	Moves      int                `json:"moves"`
	Total      float64            `json:"total"`
	Bound      float64            `json:"bound"`
	Plan       *document.PlanJSON `json:"plan,omitempty"`
}

func (s *Server) newPlanJSON(p store.Plan) planJSON {
	j := planJSON{ID: p.ID, DatasetID: p.DatasetID, Parent: p.Parent, Creator: p.Creator, Created: p.Created, Options: json.RawMessage(p.Options),
		Status: p.Status, Review: p.Review, Comment: p.Comment, Error: p.Error, StopReason: p.StopReason, Moves: p.Moves, Total: p.Total, Bound: p.Bound}
	if jb := s.jobs.get(p.ID); jb != nil {
		pr, _, _ := jb.snapshot()
		j.Progress = &pr
	}
	return j
}

func (s *Server) plansAPI(w http.ResponseWriter, r *http.Request, se store.Session) {
	ps, err := s.st.Plans(r.Context())
	if err != nil {
		s.internal(w, r, &se, err)
		return
	}
	out := make([]planJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, s.newPlanJSON(p))
	}
	writeJSON(w, http.StatusOK, out)
}

// planAPI is GET /api/plans/{id}: the plan's status and progress, and,
// when done, plan.json under "plan".
func (s *Server) planAPI(w http.ResponseWriter, r *http.Request, se store.Session) {
	p, err := s.planOf(r)
	if err != nil {
		s.storeError(w, r, &se, err)
		return
	}
	j := s.newPlanJSON(p)
	if p.Status == store.PlanDone && se.User.School == "" {
		o, err := s.outcomeOf(r, p, "zh")
		if err != nil {
			s.internal(w, r, &se, err)
			return
		}
		d := o.data
		j.Plan = &document.PlanJSON{Provenance: d.Prov, Status: d.Result.Status.String(), Bound: d.Result.Bound, Gap: d.Result.Gap(), Report: d.Report}
	}
	writeJSON(w, http.StatusOK, j)
}

func (s *Server) plansPage(w http.ResponseWriter, r *http.Request, se store.Session) {
	ps, err := s.st.Plans(r.Context())
	if err != nil {
		s.internal(w, r, &se, err)
		return
	}
	ds, err := s.st.Datasets(r.Context())
	if err != nil {
		s.internal(w, r, &se, err)
		return
	}
	names := make(map[int64]string, len(ds))
	for _, d := range ds {
		names[d.ID] = d.Name
	}
	s.render(w, r, &se, http.StatusOK, "plans", plansData{Plans: ps, Names: names})
}

type plansData struct {
	Plans []store.Plan
	Names map[int64]string // dataset names by ID
}

// moveRow is one row of the plan page's list.
type moveRow struct {
	TeacherID, Name, Stage, Subject, Backbone, From, To string
	FromID, ToID                                        string
	Km                                                  float64
}

// maxMoveRows bounds the list on the plan page; the files have them all.
const maxMoveRows = 1000

// listQuery narrows and orders the plan page's list: School keeps the
// moves from or to one school, Q those whose teacher ID or name contains
// it, and Sort orders by km (longest first), from, to or subject; empty
// keeps the report's order.
type listQuery struct {
	School, Q, Sort string
}

// sorts are the orders the list offers.
var sorts = map[string]func(a, b moveRow) int{
	"km":      func(a, b moveRow) int { return cmp.Compare(b.Km, a.Km) },
	"from":    func(a, b moveRow) int { return strings.Compare(a.FromID, b.FromID) },
	"to":      func(a, b moveRow) int { return strings.Compare(a.ToID, b.ToID) },
	"subject": func(a, b moveRow) int { return strings.Compare(a.Subject, b.Subject) },
}

func (q listQuery) keep(m moveRow) bool {
	if q.School != "" && m.FromID != q.School && m.ToID != q.School {
		return false
	}
	return q.Q == "" || strings.Contains(m.TeacherID, q.Q) || strings.Contains(m.Name, q.Q)
}

// schoolOption is a school of the list's school filter.
type schoolOption struct{ ID, Name string }

type planData struct {
	Plan     store.Plan
	Dataset  store.Dataset
	Progress *progressJSON
	Report   *solver.Report
	Query    listQuery
	Schools  []schoolOption // the schools that moves leave or reach
	Moves    []moveRow      // the moves the query keeps, in its order
	More     int            // moves kept but left out of Moves
	Files    []string
	Others   []int64   // the other done plans of the dataset, to compare with
	Diff     *diffView // the comparison with ?against, if asked
}

// Files are the documents of a done plan, by name.
var Files = []string{"plan.xlsx", "report.html", "approval.html", "notice.html", "notice.csv", "plan.csv", "schools.html", "schools.csv", "points.csv", "report.txt", "plan.json"}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request, se store.Session) {
	p, err := s.planOf(r)
	if err != nil {
		s.storeError(w, r, &se, err)
		return
	}
	pd := planData{Plan: p, Files: Files}
	if jb := s.jobs.get(p.ID); jb != nil {
		pr, _, _ := jb.snapshot()
		pd.Progress = &pr
	}
	if p.Status == store.PlanDone {
		o, err := s.outcomeOf(r, p, langOf(r))
		if err != nil {
			s.internal(w, r, &se, err)
			return
		}
		pd.Dataset, pd.Report = o.dataset, o.data.Report
		names := map[string]string{}
		for _, sc := range o.in.Schools {
			names[sc.ID] = sc.Name
		}
		q := r.URL.Query()
		pd.Query = listQuery{School: q.Get("school"), Q: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort")}
		if se.User.School != "" {
			pd.Query.School = se.User.School // a viewer of one school sees its moves only
		}
		seen := map[string]bool{}
		var rows []moveRow
		for _, m := range o.data.Report.Moves {
			tc := &o.data.In.Teachers[m.Teacher]
			row := moveRow{TeacherID: m.ID, Name: tc.Name, Stage: m.Stage, Subject: m.Subject, Backbone: m.Backbone,
				From: names[m.From], To: names[m.To], FromID: m.From, ToID: m.To, Km: m.Km}
			if langOf(r) == "zh" {
				row.Stage, row.Subject, row.Backbone = tc.Stage.ZH(), tc.Subject.ZH(), tc.Backbone.ZH()
			}
			for _, id := range []string{m.From, m.To} {
				if !seen[id] {
					seen[id] = true
					pd.Schools = append(pd.Schools, schoolOption{ID: id, Name: names[id]})
				}
			}
			if pd.Query.keep(row) {
				rows = append(rows, row)
			}
		}
		slices.SortFunc(pd.Schools, func(a, b schoolOption) int { return strings.Compare(a.ID, b.ID) })
		if by, ok := sorts[pd.Query.Sort]; ok {
			slices.SortStableFunc(rows, by)
		}
		if len(rows) > maxMoveRows {
			pd.More = len(rows) - maxMoveRows
			rows = rows[:maxMoveRows]
		}
		pd.Moves = rows
		if se.User.School != "" {
			pd.Files = nil
		} else if err := s.comparison(r, o, &pd); err != nil {
			s.internal(w, r, &se, err)
			return
		}
	} else if d, err := s.st.Dataset(r.Context(), p.DatasetID); err == nil {
		pd.Dataset = d
	}
	s.render(w, r, &se, http.StatusOK, "plan", pd)
}

// planEvents is GET /plans/{id}/events: Server-Sent Events of the plan's
// progress ("progress" events with progressJSON) until it ends ("done").
func (s *Server) planEvents(w http.ResponseWriter, r *http.Request, se store.Session) {
	p, err := s.planOf(r)
	if err != nil {
		s.storeError(w, r, &se, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	rc := http.NewResponseController(w)
	send := func(event string, v any) bool {
		b, _ := json.Marshal(v) // plain values
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	jb := s.jobs.get(p.ID)
	if jb == nil {
		send("done", progressJSON{Status: p.Status, Total: p.Total, Bound: p.Bound, Gap: solver.Gap(p.Total, p.Bound)})
		return
	}
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		pr, changed, done := jb.snapshot()
		if done {
			send("done", pr)
			return
		}
		if !send("progress", pr) {
			return
		}
		select {
		case <-changed:
		case <-ping.C:
		case <-r.Context().Done():
			return
		}
	}
}

// stopPlan is POST /plans/{id}/stop: the search stops and keeps its best
// plan.
func (s *Server) stopPlan(w http.ResponseWriter, r *http.Request, se store.Session) {
	p, err := s.planOf(r)
	if err != nil {
		s.storeError(w, r, &se, err)
		return
	}
	jb := s.jobs.get(p.ID)
	if jb == nil {
		s.fail(w, r, &se, http.StatusConflict, "方案已不在运行", "the plan is not running")
		return
	}
	jb.cancel()
	_ = s.audit(r.Context(), store.Entry{User: se.User.Name, Action: "plan.stop", DatasetID: p.DatasetID, PlanID: p.ID})
	if isAPI(r) {
		writeJSON(w, http.StatusAccepted, map[string]int64{"id": p.ID})
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/plans/%d", p.ID), http.StatusSeeOther)
}

// reviewAction is a step of the review: who may take it, from which
// states, to which.
type reviewAction struct {
	name    string
	perm    perm
	from    []string
	to      string
	comment bool // a comment is required
}

var reviewActions = []reviewAction{
	{"submit", permPlan, []string{store.ReviewDraft, store.ReviewRejected}, store.ReviewSubmitted, false},
	{"approve", permReview, []string{store.ReviewSubmitted}, store.ReviewApproved, false},
	{"reject", permReview, []string{store.ReviewSubmitted}, store.ReviewRejected, true},
}

// review is POST /plans/{id}/submit, /approve and /reject, with an
// optional comment (JSON {"comment"} or the form's comment), required to
// reject.
func (s *Server) review(w http.ResponseWriter, r *http.Request, se store.Session) {
	name := path.Base(r.URL.Path)
	i := slices.IndexFunc(reviewActions, func(a reviewAction) bool { return a.name == name })
	a := reviewActions[i] // the routes are made from reviewActions
	var comment string
	if isJSON(r) {
		var body struct {
			Comment string `json:"comment"`
		}
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&body); err != nil {
			s.fail(w, r, &se, http.StatusBadRequest, "需要 JSON {\"comment\": …}", "want JSON {\"comment\": …}")
			return
		}
		comment = body.Comment
	} else {
		comment = r.PostFormValue("comment")
	}
	comment = model.MaskIDNumbers(truncate(strings.TrimSpace(comment), 2000))
	if a.comment && comment == "" {
		s.fail(w, r, &se, http.StatusBadRequest, "退回时请填写意见", "a rejection needs a comment")
		return
	}
	p, err := s.planOf(r)
	if err != nil {
		s.storeError(w, r, &se, err)
		return
	}
	if err := s.st.SetReview(r.Context(), p.ID, a.from, a.to, comment); err != nil {
		s.storeError(w, r, &se, err)
		return
	}
	_ = s.audit(r.Context(), store.Entry{User: se.User.Name, Action: "plan." + a.name, DatasetID: p.DatasetID, PlanID: p.ID,
		InputsSHA: destSHA(p.Dest), Detail: comment})
	if isAPI(r) {
		writeJSON(w, http.StatusOK, map[string]any{"id": p.ID, "review": a.to})
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/plans/%d", p.ID), http.StatusSeeOther)
}

// contentTypes of the plan's files by extension.
var contentTypes = map[string]string{
	".csv":  "text/csv; charset=utf-8",
	".json": "application/json; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".html": "text/html; charset=utf-8",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// planFile is GET /plans/{id}/files/{name}: a document of a done plan,
// built by the document package as rotaplan plan builds it (?lang=en for
// English headers). HTML documents open in the browser for printing,
// sandboxed; the others download.
func (s *Server) planFile(w http.ResponseWriter, r *http.Request, se store.Session) {
	if se.User.School != "" {
		s.fail(w, r, &se, http.StatusForbidden, "限于一所学校的查看者不能下载全县文件", "a viewer of one school may not download the county's documents")
		return
	}
	name := r.PathValue("name")
	if !slices.Contains(Files, name) {
		s.fail(w, r, &se, http.StatusNotFound, "没有这个文件", "no such file")
		return
	}
	lang := "zh"
	if r.URL.Query().Get("lang") == "en" {
		lang = "en"
	}
	o, ok := s.doneOutcome(w, r, &se, lang)
	if !ok {
		return
	}
	data, err := buildFile(o, name)
	if err != nil {
		s.internal(w, r, &se, err)
		return
	}
	p := o.plan
	_ = s.audit(r.Context(), store.Entry{User: se.User.Name, Action: "plan.download", DatasetID: p.DatasetID, PlanID: p.ID,
		InputsSHA: destSHA(p.Dest), Detail: name})
	h := w.Header()
	h.Set("Content-Type", contentTypes[path.Ext(name)])
	file := fmt.Sprintf("plan-%d-%s", p.ID, name)
	if path.Ext(name) == ".html" {
		// The documents are self-contained pages without scripts.
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox allow-modals")
		h.Set("Content-Disposition", fmt.Sprintf("inline; filename=%q", file))
	} else {
		h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", file))
	}
	_, _ = w.Write(data)
}

// buildFile builds one document of a done plan.
func buildFile(o *outcome, name string) ([]byte, error) {
	d := o.data
	// One document alone where a builder of its own exists (the flow test
	// checks they are the bytes of the plan folder's files).
	switch name {
	case "plan.xlsx":
		return document.Workbook(d)
	case "report.html":
		return document.ReportHTML(d)
	case "plan.csv":
		return document.PlanCSV(d.In, d.Report, d.Lang), nil
	case "schools.csv":
		return document.PartsCSV(d.Report, d.Lang), nil
	case "notice.csv":
		return document.NoticeCSV(d), nil
	case "points.csv":
		return document.PointsCSV(d), nil
	case "approval.html":
		return document.ApprovalHTML(d)
	case "notice.html":
		return document.NoticeHTML(d)
	case "schools.html":
		return document.SchoolsHTML(d)
	}
	files, err := document.PlanFiles(o.data, o.ev)
	if err != nil {
		return nil, err
	}
	data, ok := files[name]
	if !ok {
		return nil, errors.New("no document " + name)
	}
	return data, nil
}

// comparison fills the plan page's list of plans to compare with and,
// with ?against=N, the comparison with plan N.
func (s *Server) comparison(r *http.Request, o *outcome, pd *planData) error {
	ps, err := s.st.Plans(r.Context())
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.ID != o.plan.ID && p.DatasetID == o.plan.DatasetID && p.Status == store.PlanDone {
			pd.Others = append(pd.Others, p.ID)
		}
	}
	against, err := strconv.ParseInt(r.URL.Query().Get("against"), 10, 64)
	if err != nil || against <= 0 {
		return nil
	}
	d, err := s.diffOf(r, o, against)
	switch {
	case errors.Is(err, errNotComparable), errors.Is(err, store.ErrNotFound):
		pd.Diff = &diffView{Against: against, NotComparableMsg: tr(langOf(r), "只能比较同一数据的两个已完成方案", "only two done plans of one dataset compare")}
		return nil
	case err != nil:
		return err
	}
	pd.Diff = newDiffView(o, against, d)
	return nil
}
