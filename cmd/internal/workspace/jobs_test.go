package workspace

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

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
// running, as a locked or full database would.
type refuseStart struct {
	store.Store
	refused atomic.Bool
}

func (r *refuseStart) SetPlanStatus(ctx context.Context, id int64, from, to, errMsg string) error {
	if from == store.PlanQueued && to == store.PlanRunning && r.refused.CompareAndSwap(false, true) {
		return errors.New("database is locked")
	}
	return r.Store.SetPlanStatus(ctx, id, from, to, errMsg)
}

// TestPlanThatCannotStartFails: when the store refuses to mark a plan
// running, the plan is stored failed and audited, not left queued with no
// job behind it, and the next plan runs.
func TestPlanThatCannotStartFails(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.Store = &refuseStart{Store: c.Store} })
	planner := ts.login(t, store.Planner)
	ds := uploadSample(t, planner)
	const quick = `{"seed": 1, "threads": 1, "iterations": 200, "time_limit": 60, "gap": 0.5}`

	first := planner.waitPlan(startPlan(t, planner, ds, quick))
	assert.Equal(t, store.PlanFailed, first.Status)
	assert.Contains(t, first.Error, "could not be started")
	entries, err := ts.st.Audit(context.Background(), 0)
	require.NoError(t, err)
	var failed []int64
	for _, e := range entries {
		if e.Action == "plan.failed" {
			failed = append(failed, e.PlanID)
		}
	}
	assert.Equal(t, []int64{first.ID}, failed)

	second := planner.waitPlan(startPlan(t, planner, ds, quick))
	assert.Equal(t, store.PlanDone, second.Status, second.Error)
}
