// Package scenarios holds the scenario definitions used to explore a county's
// options (what-if runs such as a higher rotation rate or a longer
// eligibility period) and the sample county data.
//
// The sample county lives in the folder sample-county: schools.csv,
// teachers.csv and policy.toml of a synthetic county of about 60 schools and
// 2,500 teachers, produced by package gen (size county, seed 1) and kept
// byte-identical to what gen produces, which a test in gen checks.
//
// A scenario file (TOML, see Load) names a base dataset folder and overrides
// policy keys and data: enrolment scaled, schools opened, closed or turned
// weak, teachers retired or hired. Scenarios never modify the base files.
// Roadmap chains yearly plans: stints end and teachers return, years at
// school advance, teachers retire. The folder examples holds example
// scenarios against the sample county.
package scenarios
