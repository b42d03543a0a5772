package workspace

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
	"github.com/rotaplan/rotaplan/solver"
)

// explainData is the explain page's data.
type explainData struct {
	Plan      int64
	TeacherID string
	Name      string
	Total     float64
	Text      string // document.WriteExplanation's text
}

// explain is GET /api/plans/{id}/explain/{teacher_id}: the JSON rotaplan
// explain --json prints for the plan and the teacher (a list of one),
// and GET /plans/{id}/explain/{teacher_id}, its text as a page. A viewer
// limited to one school explains only the teachers of the rows it sees:
// the moves from or to its school.
func (s *Server) explain(w http.ResponseWriter, r *http.Request, se store.Session) {
	o, ok := s.doneOutcome(w, r, &se, langOf(r))
	if !ok {
		return
	}
	id := r.PathValue("teacher_id")
	t, ok := o.in.TeacherByID(id)
	if !ok {
		s.fail(w, r, &se, http.StatusNotFound, fmt.Sprintf("未知教师 %s：不在数据中", id), fmt.Sprintf("unknown teacher %s: not in the dataset", id))
		return
	}
	if se.User.School != "" && !s.visible(o, se.User.School, t) {
		s.fail(w, r, &se, http.StatusForbidden, "只能解释本校名单中的教师", "a viewer of one school explains only the teachers of its rows")
		return
	}
	plan := solver.Plan{Dest: o.plan.Dest}
	e := o.ev.Explainer(plan).Explain(t)
	view := o.data.In // no identity numbers
	if isAPI(r) {
		writeJSON(w, http.StatusOK, document.ExplanationsJSON(view, []solver.Explanation{e}))
		return
	}
	var b bytes.Buffer
	document.WriteExplanation(&b, view, &e)
	s.render(w, r, &se, http.StatusOK, "explain", explainData{Plan: o.plan.ID, TeacherID: view.Teachers[t].ID, Name: view.Teachers[t].Name,
		Total: o.data.Report.Score.Total, Text: b.String()})
}

// visible reports whether teacher t is in a row the viewer of school
// sees: a move from or to it.
func (s *Server) visible(o *outcome, school string, t int) bool {
	q := listQuery{School: school}
	for _, m := range o.data.Report.Moves {
		if m.Teacher == t {
			return q.keep(moveRow{FromID: m.From, ToID: m.To})
		}
	}
	return false
}
