// Package store keeps the workspace's state: users, sessions, uploaded
// datasets, plans with their review status, and the audit log.
//
// Store is the interface the workspace uses; SQLite is its one
// implementation, a single database file in the store folder (pure Go,
// modernc.org/sqlite) with numbered migrations, the write-ahead log and
// foreign keys on. A server database for a city-level deployment would be a
// second implementation of the same interface.
//
// The audit log is append-only: the package has no statement that updates
// or deletes an audit row, triggers refuse both, and every row carries
// sha256(previous row's hash || the row's canonical form), so a row changed
// or removed behind the program's back is found by Verify.
package store
