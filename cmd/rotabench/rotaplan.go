package main

import (
	"context"
	"math"
	"time"

	"github.com/rotaplan/rotaplan/solver"
)

// solveRotaplan runs rotaplan's own solver for at most limit, with the
// settings of 'rotaplan plan' (two threads, stop at a proven 0.1% gap).
// Without a target (-Inf) it is an ordinary run: the default iteration
// budget and the Lagrangian bound. With a target it searches until the
// total is at most the target or the limit is reached, with an unbounded
// iteration budget, so that its time is the time to reach the target.
func solveRotaplan(ctx context.Context, ev *solver.Evaluator, limit time.Duration, seed uint64, target float64) (rotaplanResult, error) {
	opt := solver.Options{TimeLimit: limit, Seed: seed, Threads: 2, Gap: 0.001}
	if !math.IsInf(target, -1) {
		opt.Target, opt.Iterations, opt.Gap = target, math.MaxInt64, 0
	}
	res := solver.Solve(ctx, ev, opt)
	if err := ctx.Err(); err != nil {
		return rotaplanResult{}, err
	}
	return rotaplanResult{Plan: res.Plan, Bound: res.Bound, Elapsed: res.Elapsed, Status: res.Status.String()}, nil
}
