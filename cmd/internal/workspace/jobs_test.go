package workspace

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
)

// TestJobsTakeSlotsInOrder: with one slot, the plans waiting take it in
// the order they were added, one that stops waiting leaves the queue, and
// one whose turn came as it stopped passes the slot on.
func TestJobsTakeSlotsInOrder(t *testing.T) {
	turned := func(j *job) bool {
		select {
		case <-j.turn:
			return true
		default:
			return false
		}
	}
	js := newJobs(1)
	nop := func() {}
	a, b, c, d := js.add(1, nop), js.add(2, nop), js.add(3, nop), js.add(4, nop)
	assert.True(t, turned(a), "the first plan starts at once")
	assert.False(t, turned(b) || turned(c) || turned(d), "the others wait")

	js.leave(c) // stopped while waiting
	js.release()
	assert.True(t, turned(b), "the second plan takes the slot")
	assert.False(t, turned(c) || turned(d))

	js.release()
	assert.True(t, turned(d), "the fourth, the third having left")
	assert.False(t, turned(c))

	js.leave(d) // its turn came as it stopped: the slot is free again
	e := js.add(5, nop)
	assert.True(t, turned(e), "a plan added to a free slot starts at once")
}

// refuseStart is a store that refuses, once, to mark a queued plan
// running, as a locked or full database would; with alsoFail it refuses
// to mark it failed too, and with committed it makes the change to
// running but reports an error, as a store that fails after committing.
type refuseStart struct {
	store.Store
	refused   atomic.Bool
	alsoFail  bool
	committed bool
}

func (r *refuseStart) SetPlanStatus(ctx context.Context, id int64, from, to, errMsg string) error {
	switch {
	case from == store.PlanQueued && to == store.PlanRunning && r.refused.CompareAndSwap(false, true):
		if r.committed {
			_ = r.Store.SetPlanStatus(ctx, id, from, to, errMsg)
		}
		return errors.New("database is locked")
	case to == store.PlanFailed && r.alsoFail:
		return errors.New("database is locked")
	}
	return r.Store.SetPlanStatus(ctx, id, from, to, errMsg)
}

// TestPlanThatCannotStartFails: when the store refuses to mark a plan
// running, the plan is stored failed and audited, not left queued with no
// job behind it, also when the store made the change it reported as
// failed; the next plan runs. When the store refuses to mark it failed
// too, nothing claims it failed: the audit log has no entry for it.
func TestPlanThatCannotStartFails(t *testing.T) {
	const quick = `{"seed": 1, "threads": 1, "iterations": 200, "time_limit": 60, "gap": 0.5}`
	failedIn := func(t *testing.T, ts *testServer) []int64 {
		entries, err := ts.st.Audit(context.Background(), 0)
		require.NoError(t, err)
		var failed []int64
		for _, e := range entries {
			if e.Action == "plan.failed" {
				failed = append(failed, e.PlanID)
			}
		}
		n, err := ts.st.Verify(context.Background())
		require.NoError(t, err)
		require.Positive(t, n)
		return failed
	}
	for _, committed := range []bool{false, true} {
		t.Run(map[bool]string{false: "refused", true: "committed yet refused"}[committed], func(t *testing.T) {
			ts := newTestServer(t, func(c *Config) { c.Store = &refuseStart{Store: c.Store, committed: committed} })
			planner := ts.login(t, store.Planner)
			ds := uploadSample(t, planner)
			first := planner.waitPlan(startPlan(t, planner, ds, quick))
			assert.Equal(t, store.PlanFailed, first.Status)
			assert.Contains(t, first.Error, "could not be started")
			assert.Equal(t, []int64{first.ID}, failedIn(t, ts))
			second := planner.waitPlan(startPlan(t, planner, ds, quick))
			assert.Equal(t, store.PlanDone, second.Status, second.Error)
		})
	}
	t.Run("failing refused too", func(t *testing.T) {
		ts := newTestServer(t, func(c *Config) { c.Store = &refuseStart{Store: c.Store, alsoFail: true} })
		planner := ts.login(t, store.Planner)
		ds := uploadSample(t, planner)
		id := startPlan(t, planner, ds, quick)
		require.Eventually(t, func() bool {
			return ts.ws.jobs.get(id) == nil
		}, time.Minute, 10*time.Millisecond, "the job ends")
		p, err := ts.st.Plan(context.Background(), id)
		require.NoError(t, err)
		assert.Equal(t, store.PlanQueued, p.Status, "the store refused every change")
		assert.Empty(t, failedIn(t, ts))
	})
}
