//go:build rotaplansolve

package main

import (
	"context"
	"math"
	"time"

	"github.com/rotaplan/rotaplan/solver"
)

// solveRotaplan runs rotaplan's own solver for at most limit; with a finite
// target it stops as soon as the total is at most the target.
//
// It is written against the agreed API solver.Solve(ctx, ev, Options{
// TimeLimit, Seed, Target}) *Result{Plan, Score, Bound, Elapsed}; until that
// lands it is built only with -tags rotaplansolve (rotaplan_none.go stands in).
func solveRotaplan(ctx context.Context, ev *solver.Evaluator, limit time.Duration, seed uint64, target float64) (rotaplanResult, error) {
	opt := solver.Options{TimeLimit: limit, Seed: seed}
	if !math.IsInf(target, -1) {
		opt.Target = target
	}
	res := solver.Solve(ctx, ev, opt)
	status := "stopped"
	if !math.IsInf(target, -1) && res.Score.Total <= target {
		status = "target reached"
	}
	return rotaplanResult{Plan: res.Plan, Bound: res.Bound, Elapsed: res.Elapsed, Status: status}, nil
}
