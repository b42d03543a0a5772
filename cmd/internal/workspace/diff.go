package workspace

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
	"github.com/rotaplan/rotaplan/solver"
)

// errNotComparable is a comparison of plans that are not both done plans
// of one dataset.
var errNotComparable = errors.New("the plans are not both done plans of one dataset")

// diffOf compares the done plan o with the plan against, as rotaplan
// score --against does: the moves only the other plan makes, those only o
// makes, the teachers sent elsewhere, and the change of every term.
func (s *Server) diffOf(r *http.Request, o *outcome, against int64) (*solver.Diff, error) {
	a, err := s.st.Plan(r.Context(), against)
	if err != nil {
		return nil, err
	}
	if a.Status != store.PlanDone || a.DatasetID != o.plan.DatasetID || len(a.Dest) != len(o.plan.Dest) {
		return nil, errNotComparable
	}
	return o.ev.Diff(solver.Plan{Dest: a.Dest}, solver.Plan{Dest: o.plan.Dest}), nil
}

// diffJSON is the API's comparison of two plans.
type diffJSON struct {
	Plan    int64        `json:"plan"`
	Against int64        `json:"against"`
	Diff    *solver.Diff `json:"diff"`
}

// planDiff is GET /api/plans/{id}/diff?against=N.
func (s *Server) planDiff(w http.ResponseWriter, r *http.Request, se store.Session) {
	if se.User.School != "" {
		s.fail(w, r, &se, http.StatusForbidden, "限于一所学校的查看者不能比较全县方案", "a viewer of one school may not compare the county's plans")
		return
	}
	against, err := strconv.ParseInt(r.URL.Query().Get("against"), 10, 64)
	if err != nil || against <= 0 {
		s.fail(w, r, &se, http.StatusBadRequest, "需要 against=方案编号", "want against=PLAN-ID")
		return
	}
	o, ok := s.doneOutcome(w, r, &se, "zh")
	if !ok {
		return
	}
	d, err := s.diffOf(r, o, against)
	switch {
	case errors.Is(err, errNotComparable):
		s.fail(w, r, &se, http.StatusConflict, "只能比较同一数据的两个已完成方案", err.Error())
		return
	case err != nil:
		s.storeError(w, r, &se, err)
		return
	}
	writeJSON(w, http.StatusOK, diffJSON{Plan: o.plan.ID, Against: against, Diff: d})
}

// diffRow is a teacher whose move differs between the two plans, for the
// plan page.
type diffRow struct {
	TeacherID, Name, From, ToAgainst, ToThis string
}

// diffView is the comparison the plan page shows.
type diffView struct {
	Against          int64
	Score            solver.ScoreJSON
	Terms            []solver.TermChange // the terms that changed
	OnlyAgainst      []diffRow           // moves of the other plan only
	OnlyThis         []diffRow
	Changed          []diffRow
	NotComparableMsg string
}

func newDiffView(o *outcome, against int64, d *solver.Diff) *diffView {
	names := map[string]string{}
	for _, sc := range o.in.Schools {
		names[sc.ID] = sc.Name
	}
	teacher := map[string]int{}
	for i, t := range o.in.Teachers {
		teacher[t.ID] = i
	}
	name := func(id string) string { return o.data.In.Teachers[teacher[id]].Name }
	v := &diffView{Against: against, Score: d.Score}
	for _, t := range d.Terms {
		if t.AmountChange != 0 {
			v.Terms = append(v.Terms, t)
		}
	}
	for _, m := range d.OnlyA {
		v.OnlyAgainst = append(v.OnlyAgainst, diffRow{TeacherID: m.ID, Name: name(m.ID), From: names[m.From], ToAgainst: names[m.To]})
	}
	for _, m := range d.OnlyB {
		v.OnlyThis = append(v.OnlyThis, diffRow{TeacherID: m.ID, Name: name(m.ID), From: names[m.From], ToThis: names[m.To]})
	}
	for _, c := range d.Changed {
		t := o.in.Teachers[teacher[c.TeacherID]]
		v.Changed = append(v.Changed, diffRow{TeacherID: c.TeacherID, Name: name(c.TeacherID), From: o.in.Schools[t.School].Name,
			ToAgainst: names[c.ToA], ToThis: names[c.ToB]})
	}
	return v
}
