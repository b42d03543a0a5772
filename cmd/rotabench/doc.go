// Command rotabench compares rotaplan's own solver with exact MIP solvers
// (COIN-OR CBC and HiGHS) on generated counties of the named sizes. It is a
// benchmark driver for people, not part of make test.
//
// For each size it generates the county (package scenarios/gen), writes the
// evaluator's objective as a MIP in CPLEX LP format (solver.MIP), runs
// rotaplan's solver, CBC (`cbc model.lp timeMode elapsed sec LIMIT ratioGap
// 0 solve solu out`) and HiGHS (the WebAssembly build of the npm package
// "highs", driven by highs.cjs under node), and rescores every peer's plan with
// Evaluator.Score so that each objective in the table is the core's own.
// When a peer proves an optimum, rotaplan runs again with the target
// 1.001 × the best proven optimum, and the table gives its time to reach
// it as a ratio of each peer's time to prove optimality.
//
// Usage:
//
//	rotabench [-sizes small,county] [-seed 1] [-peers cbc,highs]
//	          [-time-limit 10m] [-rotaplan-time 1m] [-out bench-results]
//	          [-cache .cache/rotabench] [-keep-models]
//
// HiGHS is installed on first use with npm into the cache folder, which is
// not committed. The table goes to standard output as markdown, progress to
// standard error; results.json and results.md are written to the output
// folder with every solver's log and solution file.
// Exit codes: 0 success, 1 failure, 2 bad usage, 130 interrupted.
package main
