// Command rotaplan plans the yearly teacher rotation (交流轮岗) of a county's
// compulsory-education schools for the county education bureau's HR
// planners: it checks a county dataset, shows where the county stands on
// the rotation quota, and generates synthetic counties for trials.
//
// Usage:
//
//	rotaplan check DIR [--encoding auto|utf-8|gbk|gb18030|utf-16le] [--sheet NAME] [--json]
//	rotaplan gen --size small|county|large|prefecture --seed N --out DIR [--force]
//	rotaplan version
//
// Data goes to standard output, problems and progress to standard error.
// Exit codes: 0 success, 1 failure, 2 bad input or usage, 130 interrupted.
package main
