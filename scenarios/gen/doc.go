// Package gen generates synthetic but realistic county datasets for
// rotaplan: schools with their students, classes and facilities, and
// teachers with the attributes the rotation rules and the quality-balance
// indicators read.
//
// A county is laid out around a county seat (城区) with large, strong,
// well-staffed schools; towns (建制镇, 镇区) with a central primary school and
// a junior school or a nine-year school (九年一贯制); townships (乡) whose
// central nine-year school is rural (乡中心区); and village primaries and
// teaching points (村小, 教学点) further out. Rural schools are short of PE,
// music, art, English, IT and science teachers and of backbone teachers, and
// their teachers hold lower degrees, so the per-100-student indicators I1-I3
// show the gaps a rotation plan is meant to close, while the county seat is
// above threshold. Student-teacher ratios come out near the national 16
// (primary) and 13 (junior).
//
// Once every county is laid out, the teachers get their history
// (history.csv: ongoing stints, returns at the plan date, recent and old
// ended stints, early-career stints) and about 30% of the eligible ones a
// ranked list of wishes (wishes.csv) among the receiving schools they can
// reach; these draws come last, so they leave the schools and teachers of
// a seed as they were.
//
// Generation is deterministic: one PCG source seeded from the seed drives
// every draw, nothing reads the clock, and Write formats numbers and orders
// rows so that the same size and seed give byte-identical files.
package gen
