// Package model holds the domain of a county teacher rotation plan
// (县域教师交流轮岗方案): schools and their stage parts, teachers, the local
// policy, a planner's pins, and the loaded, validated county (Instance).
//
// Loading reads a dataset folder exported from Excel or WPS: CSV in UTF-8
// (with or without BOM), GB18030/GBK or UTF-16LE tab-separated text, or XLSX,
// with English or Chinese headers and values. Every problem of every file is
// collected as a Problem naming file, line, column, the bad value and what was
// expected, so a planner fixes everything in one pass.
//
// The teachers' side of a plan lives here too. history.csv (交流记录.csv)
// lists past and current stints; Instance.Index derives from them each
// teacher's continuous service at the post school, months of rural service,
// and whether a stint is ongoing or ends by the plan date (Teacher
// ServiceSince, RuralMonths, OngoingStint, Returning). wishes.csv (志愿.csv)
// holds the teachers' ranked destinations (Instance.WishesOf, WishCost).
// Policy.PointTerms gives a teacher's priority points (积分) term by term,
// and Rank orders a set of eligible teachers by them into the published
// priority and its groups; which teachers are eligible is the solver's rule.
//
// model imports nothing else of this module; the evaluation core and the
// search live in package solver.
package model
