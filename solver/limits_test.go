package solver

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
)

// crowdedCounty has few schools with many teachers each: every receiver
// can be reached by all the eligible teachers, so the exchange sweeps of
// the descent price tens of millions of moves each and the whole descent
// takes several seconds.
func crowdedCounty(perSchool int) *model.Instance {
	c := newCounty()
	var sources, receivers []int
	for i := range 3 {
		sources = append(sources, c.school(fmt.Sprintf("S%d", i), model.PrimarySchool, model.Urban, false, 40*perSchool, 0, 113+0.02*float64(i), 28))
	}
	for i := range 6 {
		receivers = append(receivers, c.school(fmt.Sprintf("R%d", i), model.PrimarySchool, model.Rural, false, 30*perSchool, 0, 113+0.02*float64(i), 28.05))
	}
	subjects := []model.Subject{model.Chinese, model.Math, model.English, model.PE, model.Music}
	for i := range perSchool {
		for _, s := range sources {
			c.teacher(s, tspec{stage: model.Primary, subject: subjects[i%len(subjects)], edu: model.Bachelor,
				backbone: model.Backbone(i % 3), years: 6 + i%9, volunteer: i%4 == 0})
		}
		for _, r := range receivers {
			c.teacher(r, tspec{stage: model.Primary, subject: model.Chinese, edu: model.College, years: 3})
		}
	}
	return c.build()
}

// TestSolveStopsPromptly stops a solve whose descent alone would take many
// seconds: it must return soon after the stop, with the best plan it has
// scored in full and the reason it stopped.
func TestSolveStopsPromptly(t *testing.T) {
	ev := NewEvaluator(crowdedCounty(6000))
	empty := ev.Score(NewPlan(len(ev.In.Teachers)))
	tests := []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		opt  Options
		want Status
	}{
		{"cancelled before the start", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, Options{Seed: 1}, StatusInterrupted},
		{"cancelled during the search", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 150*time.Millisecond)
		}, Options{Seed: 1}, StatusInterrupted},
		{"time limit", func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		}, Options{Seed: 1, TimeLimit: 150 * time.Millisecond}, StatusTimeLimit},
		{"time limit already passed", func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		}, Options{Seed: 1, TimeLimit: time.Nanosecond}, StatusTimeLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := tt.ctx()
			defer cancel()
			start := time.Now()
			res := Solve(ctx, ev, tt.opt)
			took := time.Since(start)
			assert.Equal(t, tt.want, res.Status, "got status %s, want %s", res.Status, tt.want)
			// A generous sanity bound: the whole construction and descent
			// take many seconds.
			assert.Less(t, took, 3*time.Second, "got a stop after %v", took)
			require.Len(t, res.Plan.Dest, len(ev.In.Teachers))
			assert.Equal(t, ev.Score(res.Plan), res.Score, "the plan is returned with its full score")
			assert.LessOrEqual(t, res.Score.Total, empty.Total, "got total %v, worse than moving nobody (%v)", res.Score.Total, empty.Total)
		})
	}
}
