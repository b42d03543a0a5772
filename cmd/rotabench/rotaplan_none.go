//go:build !rotaplansolve

package main

import (
	"context"
	"time"

	"github.com/rotaplan/rotaplan/solver"
)

// solveRotaplan is the stand-in used until rotaplan's own solver
// (solver.Solve) exists: build with -tags rotaplansolve to use
// rotaplan.go instead, and delete this file once Solve has landed.
func solveRotaplan(context.Context, *solver.Evaluator, time.Duration, uint64, float64) (rotaplanResult, error) {
	return rotaplanResult{}, errNoSolver
}
