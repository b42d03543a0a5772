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
// model imports nothing else of this module; the evaluation core and the
// search live in package solver.
package model
