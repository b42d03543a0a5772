// Command rotaplan plans the yearly teacher rotation (交流轮岗) of a county's
// compulsory-education schools for the county education bureau's HR
// planners: it checks a county dataset and shows where the county stands,
// plans the rotation list with a proven bound, scores and explains a plan
// edited by hand, runs what-if scenarios and multi-year roadmaps, and writes
// the documents for approval and publication.
//
// Usage:
//
//	rotaplan check DIR [--json]
//	rotaplan plan DIR [--out OUTDIR] [--xlsx FILE] [--html FILE] [--force]
//	rotaplan score DIR --plan PLAN.csv|--solution FILE [--against PLAN] [--json]
//	rotaplan export DIR -o FILE.lp|FILE.mps
//	rotaplan scenario run FILE.toml... [--out DIR]
//	rotaplan roadmap DIR|SCENARIO.toml --years N [--out DIR]
//	rotaplan gen --size SIZE --seed N --out DIR [--force]
//	rotaplan completion bash|zsh|fish|powershell
//	rotaplan version
//
// Help is in Chinese under a Chinese locale (or --help-lang zh). Data goes
// to standard output, problems and progress to standard error, both with
// identity numbers masked. Exit codes: 0 success, 1 failure, 2 bad input
// or usage (nothing is written), 130 interrupted (the best plan so far is
// written).
package main
