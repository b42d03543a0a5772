package workspace

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
)

// donePlan uploads the sample county, plans it with flowOptions and
// returns the done plan with plan.json.
func donePlan(t *testing.T, c *client) planJSON {
	t.Helper()
	id := startPlan(t, c, uploadSample(t, c), flowOptions)
	p := c.waitPlan(id)
	require.Equal(t, store.PlanDone, p.Status, "plan %d: %s", id, p.Error)
	require.NotNil(t, p.Plan)
	require.NotEmpty(t, p.Plan.Report.Moves)
	return p
}

// Pins are checked against the dataset as rotaplan plan --pins checks a
// pins file; only a planner with the CSRF token may post them.
func TestPinsValidation(t *testing.T) {
	ts := newTestServer(t)
	planner := ts.login(t, store.Planner)
	p := donePlan(t, planner)
	path := fmt.Sprintf("/api/plans/%d/pins", p.ID)
	moved := p.Plan.Report.Moves[0].ID

	resp := planner.postJSON(path, `[{"teacher_id": "NOPE-4711", "action": "stay"}]`)
	body := readAll(t, resp)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "%s", body)
	var reply apiError
	require.NoError(t, json.Unmarshal(body, &reply))
	require.NotEmpty(t, reply.Problems)
	assert.Contains(t, reply.Problems[0].Message, "unknown teacher NOPE-4711")
	assert.Equal(t, 2, reply.Problems[0].Line, "the first pin is line 2 of the pins file")

	for _, bad := range []string{
		`[{"teacher_id": "` + moved + `", "action": "forbid"}]`,                   // a forbid needs a school
		`[{"teacher_id": "` + moved + `", "action": "leave"}]`,                    // no such action
		`[{"teacher_id": "` + moved + `", "action": "forbid", "school_id": "X"}]`, // no such school
	} {
		resp = planner.postJSON(path, bad)
		body = readAll(t, resp)
		assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "%s: %s", bad, body)
	}
	resp = planner.postJSON(path, `{"teacher_id": "x"}`)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "an object, not a list")

	viewer := ts.login(t, store.Viewer)
	resp = viewer.postJSON(path, `[{"teacher_id": "`+moved+`", "action": "stay"}]`)
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "a viewer pins")

	token := planner.csrf
	planner.csrf = ""
	resp = planner.postJSON(path, `[{"teacher_id": "`+moved+`", "action": "stay"}]`)
	body = readAll(t, resp)
	planner.csrf = token
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "pins without the CSRF token")
	assert.Contains(t, string(body), "CSRF")

	var ps []planJSON
	planner.getJSON("/api/plans", &ps)
	assert.Len(t, ps, 1, "a refused pin started a re-plan")
}

// Pins on a plan that is not done (running, or queued behind it) are
// 409 and start nothing.
func TestPinsUnfinishedPlan(t *testing.T) {
	ts := newTestServer(t) // one job slot
	planner := ts.login(t, store.Planner)
	dsID := uploadSample(t, planner)
	long := `{"seed": 1, "threads": 1, "iterations": 1000000000, "time_limit": 300, "gap": 0}`
	running := startPlan(t, planner, dsID, long)
	queued := startPlan(t, planner, dsID, long)
	deadline := time.Now().Add(time.Minute)
	for {
		var p planJSON
		planner.getJSON(fmt.Sprintf("/api/plans/%d", running), &p)
		if p.Status == store.PlanRunning {
			break
		}
		require.Equal(t, store.PlanQueued, p.Status, "plan %d: %s", running, p.Error)
		require.True(t, time.Now().Before(deadline), "plan %d still queued after a minute", running)
		time.Sleep(20 * time.Millisecond)
	}
	for id, status := range map[int64]string{running: store.PlanRunning, queued: store.PlanQueued} {
		var p planJSON
		planner.getJSON(fmt.Sprintf("/api/plans/%d", id), &p)
		require.Equal(t, status, p.Status, "plan %d", id)
		resp := planner.postJSON(fmt.Sprintf("/api/plans/%d/pins", id), `[{"teacher_id": "4301000001", "action": "stay"}]`)
		body := readAll(t, resp)
		assert.Equal(t, http.StatusConflict, resp.StatusCode, "pins on a %s plan: %s", status, body)
	}
	var ps []planJSON
	planner.getJSON("/api/plans", &ps)
	assert.Len(t, ps, 2, "pins on an unfinished plan started a re-plan")
	for _, id := range []int64{queued, running} {
		resp := planner.postJSON(fmt.Sprintf("/api/plans/%d/stop", id), `{}`)
		resp.Body.Close()
		assert.Equal(t, http.StatusAccepted, resp.StatusCode, "stop plan %d", id)
	}
}

// A re-plan with one stay pin against a done plan keeps the pinned
// teacher home and most of the list as it was.
func TestReplanStayPin(t *testing.T) {
	ts := newTestServer(t)
	planner := ts.login(t, store.Planner)
	a := donePlan(t, planner)
	pinned := a.Plan.Report.Moves[0].ID

	resp := planner.postJSON(fmt.Sprintf("/api/plans/%d/pins", a.ID), `[{"teacher_id": "`+pinned+`", "action": "stay"}]`)
	body := readAll(t, resp)
	require.Equal(t, http.StatusAccepted, resp.StatusCode, "%s", body)
	var reply struct{ ID, Parent int64 }
	require.NoError(t, json.Unmarshal(body, &reply))
	assert.Equal(t, a.ID, reply.Parent)
	b := planner.waitPlan(reply.ID)
	require.Equal(t, store.PlanDone, b.Status, "%s", b.Error)
	assert.Equal(t, a.ID, b.Parent, "the re-plan records its parent")
	require.NotNil(t, b.Plan)
	for _, m := range b.Plan.Report.Moves {
		assert.NotEqual(t, pinned, m.ID, "the teacher pinned home moves")
	}
	assert.Contains(t, b.Plan.Provenance.Inputs[len(b.Plan.Provenance.Inputs)-1].Name, fmt.Sprintf("baseline:plan-%d", a.ID))

	var d diffJSON
	planner.getJSON(fmt.Sprintf("/api/plans/%d/diff?against=%d", b.ID, a.ID), &d)
	require.NotNil(t, d.Diff)
	changed := len(d.Diff.OnlyA) + len(d.Diff.OnlyB) + len(d.Diff.Changed)
	t.Logf("rows changed by one stay pin against plan %d: %d of %d", a.ID, changed, len(a.Plan.Report.Moves))
	assert.GreaterOrEqual(t, changed, 1, "the pinned teacher's row changes")
	assert.LessOrEqual(t, changed, 6, "the re-plan changed %d rows of %d: %+v", changed, len(a.Plan.Report.Moves), d.Diff)

	// A re-plan of the re-plan keeps the stay pin in force.
	resp = planner.postJSON(fmt.Sprintf("/api/plans/%d/pins", b.ID), `[]`)
	body = readAll(t, resp)
	require.Equal(t, http.StatusAccepted, resp.StatusCode, "%s", body)
	require.NoError(t, json.Unmarshal(body, &reply))
	c := planner.waitPlan(reply.ID)
	require.Equal(t, store.PlanDone, c.Status, "%s", c.Error)
	for _, m := range c.Plan.Report.Moves {
		assert.NotEqual(t, pinned, m.ID, "the inherited stay pin is lost")
	}

	// The page of the done plan has the row forms and the re-plan button.
	resp = planner.get(fmt.Sprintf("/plans/%d", a.ID))
	page := string(readAll(t, resp))
	assert.Contains(t, page, `id="replan"`)
	assert.Contains(t, page, `<input type="hidden" name="teacher_id" value="`+pinned+`">`)
	assert.Contains(t, page, `class="pin-forbid"`)
	resp = planner.get(fmt.Sprintf("/plans/%d", b.ID))
	page = string(readAll(t, resp))
	assert.Contains(t, page, fmt.Sprintf(`href="/plans/%d">#%d</a>`, a.ID, a.ID))

	// The row's form: forbid the destination, re-plan, land on the new plan.
	to := a.Plan.Report.Moves[1]
	form := url.Values{"csrf": {planner.csrf}, "teacher_id": {to.ID}, "action": {"forbid"}, "school_id": {to.To}}
	resp = planner.do("POST", fmt.Sprintf("/plans/%d/pins", a.ID), "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	var fid int64
	_, err := fmt.Sscanf(resp.Header.Get("Location"), "/plans/%d", &fid)
	require.NoError(t, err)
	f := planner.waitPlan(fid)
	require.Equal(t, store.PlanDone, f.Status, "%s", f.Error)
	for _, m := range f.Plan.Report.Moves {
		if m.ID == to.ID {
			assert.NotEqual(t, to.To, m.To, "teacher %s still goes to the forbidden school", to.ID)
		}
	}

	var log []auditJSON
	ts.login(t, store.Approver).getJSON("/api/audit", &log)
	actions := map[string]int{}
	for _, e := range log {
		actions[e.Action]++
	}
	assert.Equal(t, 3, actions["plan.pins"], "%v", actions)
	assert.Equal(t, 3, actions["plan.replan"], "%v", actions)
}
