package workspace

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
)

// A teacher's explanation: JSON (as rotaplan explain --json, which
// TestServeMatchesPlan in cmd/rotaplan compares), a page linked from the
// row, and a viewer of one school explains the teachers of its rows only.
func TestExplainTeacher(t *testing.T) {
	ts := newTestServer(t)
	planner := ts.login(t, store.Planner)
	p := donePlan(t, planner)
	m := p.Plan.Report.Moves[0]

	var es []document.ExplainedJSON
	planner.getJSON(fmt.Sprintf("/api/plans/%d/explain/%s", p.ID, m.ID), &es)
	require.Len(t, es, 1)
	assert.Equal(t, m.ID, es[0].TeacherID)
	assert.Equal(t, m.Teacher, es[0].Teacher)
	assert.NotEmpty(t, es[0].Name)

	resp := planner.get(fmt.Sprintf("/api/plans/%d/explain/nobody-4711", p.ID))
	body := readAll(t, resp)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, string(body), "unknown teacher nobody-4711")

	page := string(readAll(t, planner.get(fmt.Sprintf("/plans/%d", p.ID))))
	link := fmt.Sprintf(`href="/plans/%d/explain/%s"`, p.ID, m.ID)
	assert.Contains(t, page, link, "the row links its explanation")
	resp = planner.get(fmt.Sprintf("/plans/%d/explain/%s", p.ID, m.ID))
	page = string(readAll(t, resp))
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", page)
	assert.Contains(t, page, `<pre id="explanation">`)
	assert.Contains(t, page, m.ID)
	assert.Contains(t, page, es[0].Name)

	// A viewer of the first move's post school: that teacher, not a
	// teacher moved between two other schools.
	school := m.From
	var other string
	for _, o := range p.Plan.Report.Moves {
		if o.From != school && o.To != school {
			other = o.ID
			break
		}
	}
	require.NotEmpty(t, other, "every move involves %s", school)
	admin := ts.login(t, store.Admin)
	resp = admin.postJSON("/api/users", `{"name":"zhou","role":"viewer","school":"`+school+`","password":"`+testPassword+`"}`)
	resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	zhou := ts.login(t, "zhou")
	zhou.getJSON(fmt.Sprintf("/api/plans/%d/explain/%s", p.ID, m.ID), &es)
	assert.Equal(t, m.ID, es[0].TeacherID)
	for _, path := range []string{"/api/plans/%d/explain/%s", "/plans/%d/explain/%s"} {
		resp = zhou.get(fmt.Sprintf(path, p.ID, other))
		resp.Body.Close()
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, path)
	}
}
