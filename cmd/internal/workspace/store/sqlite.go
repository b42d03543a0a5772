package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

// FileName is the database file in the store folder.
const FileName = "rotaplan.db"

// genesis is the previous hash of the first audit row.
var genesis = strings.Repeat("0", 64)

// migrations are applied in order, each once; the migrations table
// records which. Append only: a released migration never changes.
var migrations = []string{
	`CREATE TABLE users (
		id INTEGER PRIMARY KEY,
		name TEXT NOT NULL UNIQUE,
		role TEXT NOT NULL CHECK (role IN ('admin','planner','approver','viewer')),
		password_hash TEXT NOT NULL,
		created TEXT NOT NULL
	);
	CREATE TABLE sessions (
		token_hash TEXT PRIMARY KEY,
		user_id INTEGER NOT NULL REFERENCES users(id),
		csrf TEXT NOT NULL,
		expires TEXT NOT NULL
	);
	CREATE TABLE datasets (
		id INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		uploader TEXT NOT NULL,
		created TEXT NOT NULL,
		schools INTEGER NOT NULL,
		teachers INTEGER NOT NULL,
		inputs_sha256 TEXT NOT NULL
	);
	CREATE TABLE dataset_files (
		dataset_id INTEGER NOT NULL REFERENCES datasets(id),
		name TEXT NOT NULL,
		data BLOB NOT NULL,
		sha256 TEXT NOT NULL,
		PRIMARY KEY (dataset_id, name)
	);
	CREATE TABLE plans (
		id INTEGER PRIMARY KEY,
		dataset_id INTEGER NOT NULL REFERENCES datasets(id),
		creator TEXT NOT NULL,
		created TEXT NOT NULL,
		options TEXT NOT NULL,
		status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed')),
		review TEXT NOT NULL CHECK (review IN ('draft','submitted','approved','rejected')),
		comment TEXT NOT NULL DEFAULT '',
		error TEXT NOT NULL DEFAULT '',
		stop_reason TEXT NOT NULL DEFAULT '',
		total REAL NOT NULL DEFAULT 0,
		bound REAL NOT NULL DEFAULT 0,
		moves INTEGER NOT NULL DEFAULT 0,
		dest TEXT NOT NULL DEFAULT '[]'
	);
	CREATE TABLE audit (
		id INTEGER PRIMARY KEY,
		at TEXT NOT NULL,
		user TEXT NOT NULL,
		action TEXT NOT NULL,
		dataset_id INTEGER NOT NULL,
		plan_id INTEGER NOT NULL,
		detail TEXT NOT NULL,
		inputs_sha256 TEXT NOT NULL,
		prev_hash TEXT NOT NULL,
		hash TEXT NOT NULL
	);
	CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
	CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`,
	// 2: a viewer may be limited to the rows of one school.
	`ALTER TABLE users ADD COLUMN school TEXT NOT NULL DEFAULT ''`,
	// 3: a re-plan records the plan it was made against and its pins.
	`ALTER TABLE plans ADD COLUMN parent_id INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE plans ADD COLUMN pins TEXT NOT NULL DEFAULT ''`,
}

// SQLite is the Store in one SQLite database file.
type SQLite struct {
	db *sql.DB
}

var _ Store = (*SQLite)(nil)

// Open opens (creating it when missing) the store in folder dir and
// applies the migrations it lacks.
func Open(ctx context.Context, dir string) (*SQLite, error) {
	return open(ctx, dir, migrations)
}

// open opens the store in dir with the migrations migs (tests pass an
// older list to make an older store).
func open(ctx context.Context, dir string, migs []string) (*SQLite, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create store folder: %w", err)
	}
	path := filepath.Join(dir, FileName)
	// Writes take the lock when their transaction begins (immediate), so
	// two processes appending to the audit chain wait for each other
	// instead of failing to upgrade a read lock.
	dsn := "file:" + filepath.ToSlash(path) +
		"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &SQLite{db: db}
	if err := s.migrate(ctx, migs); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	// The store holds password hashes and personnel data: its owner only
	// (SQLite gives the -wal and -shm files the database's mode).
	if err := os.Chmod(path, 0o600); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *SQLite) Close() error { return s.db.Close() }

func (s *SQLite) migrate(ctx context.Context, migrations []string) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)`); err != nil {
		return err
	}
	for i, m := range migrations {
		version := i + 1
		err := s.tx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM migrations WHERE version = ?`, version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m); err != nil {
				return fmt.Errorf("migration %d: %w", version, err)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO migrations (version, applied) VALUES (?, ?)`, version, stamp(time.Now()))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Migrations returns the versions applied, in order.
func (s *SQLite) Migrations(ctx context.Context) ([]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT version FROM migrations ORDER BY version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var vs []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	return vs, rows.Err()
}

func (s *SQLite) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// stamp is the stored form of a time: UTC, RFC 3339 with nanoseconds.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseStamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s) // written by stamp
	return t
}

func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return err
}

// CountUsers returns the number of users.
func (s *SQLite) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

// CreateUser adds the user u (its ID and Created are set here);
// ErrConflict when the name is taken.
func (s *SQLite) CreateUser(ctx context.Context, u User) (User, error) {
	if _, err := ParseRole(string(u.Role)); err != nil {
		return User{}, err
	}
	u.Created = time.Now().UTC()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE name = ?`, u.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("user %q exists: %w", u.Name, ErrConflict)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO users (name, role, password_hash, created, school) VALUES (?, ?, ?, ?, ?)`,
			u.Name, string(u.Role), u.PasswordHash, stamp(u.Created), u.School)
		if err != nil {
			return err
		}
		u.ID, err = res.LastInsertId()
		return err
	})
	return u, err
}

const userCols = `id, name, role, password_hash, created, school`

func scanUser(sc interface{ Scan(...any) error }) (User, error) {
	var u User
	var role, created string
	if err := sc.Scan(&u.ID, &u.Name, &role, &u.PasswordHash, &created, &u.School); err != nil {
		return User{}, err
	}
	u.Role, u.Created = Role(role), parseStamp(created)
	return u, nil
}

// UserByName returns the user called name.
func (s *SQLite) UserByName(ctx context.Context, name string) (User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE name = ?`, name))
	return u, notFound(err, "user "+name)
}

// Users returns every user by name.
func (s *SQLite) Users(ctx context.Context) ([]User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var us []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		us = append(us, u)
	}
	return us, rows.Err()
}

// CreateSession stores a session.
func (s *SQLite) CreateSession(ctx context.Context, se Session) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf, expires) VALUES (?, ?, ?, ?)`,
		se.TokenHash, se.User.ID, se.CSRF, stamp(se.Expires))
	return err
}

// Session returns the session of tokenHash unless it expired by now.
func (s *SQLite) Session(ctx context.Context, tokenHash string, now time.Time) (Session, error) {
	row := s.db.QueryRowContext(ctx, `SELECT s.csrf, s.expires, u.id, u.name, u.role, u.password_hash, u.created, u.school
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, tokenHash)
	var se Session
	var expires, role, created string
	err := row.Scan(&se.CSRF, &expires, &se.User.ID, &se.User.Name, &role, &se.User.PasswordHash, &created, &se.User.School)
	if err != nil {
		return Session{}, notFound(err, "session")
	}
	se.TokenHash, se.Expires = tokenHash, parseStamp(expires)
	se.User.Role, se.User.Created = Role(role), parseStamp(created)
	if !now.Before(se.Expires) {
		return Session{}, fmt.Errorf("session expired: %w", ErrNotFound)
	}
	return se, nil
}

// DeleteSession ends a session.
func (s *SQLite) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}

// DeleteExpiredSessions deletes the sessions expired by now (expires ≤
// now, as Session has it) and returns how many.
func (s *SQLite) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	// The stamps are RFC 3339 with a varying number of fraction digits,
	// which do not sort as text; julianday reads them all.
	res, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE julianday(expires) <= julianday(?)`, stamp(now))
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// CreateDataset stores a dataset and its files in one transaction.
func (s *SQLite) CreateDataset(ctx context.Context, d Dataset) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO datasets (name, uploader, created, schools, teachers, inputs_sha256) VALUES (?, ?, ?, ?, ?, ?)`,
			d.Name, d.Uploader, stamp(d.Created), d.Schools, d.Teachers, d.InputsSHA)
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		for _, f := range d.Files {
			if _, err := tx.ExecContext(ctx, `INSERT INTO dataset_files (dataset_id, name, data, sha256) VALUES (?, ?, ?, ?)`,
				id, f.Name, f.Data, f.SHA256); err != nil {
				return err
			}
		}
		return nil
	})
	return id, err
}

const datasetCols = `id, name, uploader, created, schools, teachers, inputs_sha256`

func scanDataset(sc interface{ Scan(...any) error }) (Dataset, error) {
	var d Dataset
	var created string
	if err := sc.Scan(&d.ID, &d.Name, &d.Uploader, &created, &d.Schools, &d.Teachers, &d.InputsSHA); err != nil {
		return Dataset{}, err
	}
	d.Created = parseStamp(created)
	return d, nil
}

// Dataset returns a dataset with its files.
func (s *SQLite) Dataset(ctx context.Context, id int64) (Dataset, error) {
	d, err := scanDataset(s.db.QueryRowContext(ctx, `SELECT `+datasetCols+` FROM datasets WHERE id = ?`, id))
	if err != nil {
		return Dataset{}, notFound(err, fmt.Sprintf("dataset %d", id))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT name, data, sha256 FROM dataset_files WHERE dataset_id = ? ORDER BY name`, id)
	if err != nil {
		return Dataset{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var f File
		if err := rows.Scan(&f.Name, &f.Data, &f.SHA256); err != nil {
			return Dataset{}, err
		}
		d.Files = append(d.Files, f)
	}
	return d, rows.Err()
}

// Datasets returns every dataset, newest first, without files.
func (s *SQLite) Datasets(ctx context.Context) ([]Dataset, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+datasetCols+` FROM datasets ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ds []Dataset
	for rows.Next() {
		d, err := scanDataset(rows)
		if err != nil {
			return nil, err
		}
		ds = append(ds, d)
	}
	return ds, rows.Err()
}

// CreatePlan stores a queued plan job.
func (s *SQLite) CreatePlan(ctx context.Context, p Plan) (int64, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO plans (dataset_id, creator, created, options, status, review, parent_id, pins) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		p.DatasetID, p.Creator, stamp(p.Created), p.Options, PlanQueued, ReviewDraft, p.Parent, p.Pins)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

const planCols = `id, dataset_id, creator, created, options, status, review, comment, error, stop_reason, total, bound, moves, dest, parent_id, pins`

func scanPlan(sc interface{ Scan(...any) error }) (Plan, error) {
	var p Plan
	var created, dest string
	if err := sc.Scan(&p.ID, &p.DatasetID, &p.Creator, &created, &p.Options, &p.Status, &p.Review, &p.Comment, &p.Error,
		&p.StopReason, &p.Total, &p.Bound, &p.Moves, &dest, &p.Parent, &p.Pins); err != nil {
		return Plan{}, err
	}
	p.Created = parseStamp(created)
	if err := json.Unmarshal([]byte(dest), &p.Dest); err != nil {
		return Plan{}, fmt.Errorf("plan %d: destinations: %w", p.ID, err)
	}
	return p, nil
}

// Plan returns a plan.
func (s *SQLite) Plan(ctx context.Context, id int64) (Plan, error) {
	p, err := scanPlan(s.db.QueryRowContext(ctx, `SELECT `+planCols+` FROM plans WHERE id = ?`, id))
	return p, notFound(err, fmt.Sprintf("plan %d", id))
}

// Plans returns every plan, newest first, without destinations.
func (s *SQLite) Plans(ctx context.Context) ([]Plan, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+strings.Replace(planCols, "dest", "'[]'", 1)+` FROM plans ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ps []Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	return ps, rows.Err()
}

func changedOne(res sql.Result, err error, what string) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, ErrConflict)
	}
	return nil
}

// SetPlanStatus moves a job from status from to status to.
func (s *SQLite) SetPlanStatus(ctx context.Context, id int64, from, to, errMsg string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE plans SET status = ?, error = ? WHERE id = ? AND status = ?`, to, errMsg, id, from)
	return changedOne(res, err, fmt.Sprintf("plan %d is not %s", id, from))
}

// FinishPlan stores the outcome of a running job.
func (s *SQLite) FinishPlan(ctx context.Context, id int64, r Result) error {
	dest, err := json.Marshal(r.Dest)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE plans SET status = ?, stop_reason = ?, total = ?, bound = ?, moves = ?, dest = ?
		WHERE id = ? AND status = ?`, PlanDone, r.StopReason, r.Total, r.Bound, r.Moves, string(dest), id, PlanRunning)
	return changedOne(res, err, fmt.Sprintf("plan %d is not running", id))
}

// SetReview moves a done plan between review states.
func (s *SQLite) SetReview(ctx context.Context, id int64, from []string, to, comment string) error {
	args := []any{to, comment, id, PlanDone}
	marks := make([]string, len(from))
	for i, f := range from {
		marks[i] = "?"
		args = append(args, f)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE plans SET review = ?, comment = ? WHERE id = ? AND status = ? AND review IN (`+
		strings.Join(marks, ",")+`)`, args...)
	return changedOne(res, err, fmt.Sprintf("plan %d is not done and %s", id, strings.Join(from, " or ")))
}

// FailUnfinished marks queued and running plans failed.
func (s *SQLite) FailUnfinished(ctx context.Context, reason string) (int, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE plans SET status = ?, error = ? WHERE status IN (?, ?)`, PlanFailed, reason, PlanQueued, PlanRunning)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// canonical is the form of an audit row that its hash covers.
func canonical(e Entry) []byte {
	b, _ := json.Marshal(struct { // strings and numbers only: cannot fail
		ID        int64  `json:"id"`
		At        string `json:"at"`
		User      string `json:"user"`
		Action    string `json:"action"`
		DatasetID int64  `json:"dataset_id"`
		PlanID    int64  `json:"plan_id"`
		Detail    string `json:"detail"`
		InputsSHA string `json:"inputs_sha256"`
	}{e.ID, stamp(e.At), e.User, e.Action, e.DatasetID, e.PlanID, e.Detail, e.InputsSHA})
	return b
}

// chainHash is sha256(prev || canonical(e)) in hex.
func chainHash(prev string, e Entry) string {
	h := sha256.New()
	h.Write([]byte(prev))
	h.Write(canonical(e))
	return hex.EncodeToString(h.Sum(nil))
}

// Append adds e to the audit log; its ID, PrevHash and Hash are set here
// and At when it is zero.
func (s *SQLite) Append(ctx context.Context, e Entry) (Entry, error) {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = parseStamp(stamp(e.At)) // what is stored is what is hashed
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var lastID int64
		prev := genesis
		err := tx.QueryRowContext(ctx, `SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1`).Scan(&lastID, &prev)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		e.ID, e.PrevHash = lastID+1, prev
		e.Hash = chainHash(prev, e)
		_, err = tx.ExecContext(ctx, `INSERT INTO audit (id, at, user, action, dataset_id, plan_id, detail, inputs_sha256, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.ID, stamp(e.At), e.User, e.Action, e.DatasetID, e.PlanID, e.Detail, e.InputsSHA, e.PrevHash, e.Hash)
		return err
	})
	return e, err
}

const auditCols = `id, at, user, action, dataset_id, plan_id, detail, inputs_sha256, prev_hash, hash`

func scanEntry(sc interface{ Scan(...any) error }) (Entry, error) {
	var e Entry
	var at string
	if err := sc.Scan(&e.ID, &at, &e.User, &e.Action, &e.DatasetID, &e.PlanID, &e.Detail, &e.InputsSHA, &e.PrevHash, &e.Hash); err != nil {
		return Entry{}, err
	}
	e.At = parseStamp(at)
	return e, nil
}

// Audit returns the newest limit entries (0: all), newest first.
func (s *SQLite) Audit(ctx context.Context, limit int) ([]Entry, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+auditCols+` FROM audit ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var es []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		es = append(es, e)
	}
	return es, rows.Err()
}

// Verify walks the audit log in order and recomputes each row's hash from
// the previous row's; it returns the number of rows checked, and a
// *VerifyError for the first row that was changed, removed before another
// or inserted.
func (s *SQLite) Verify(ctx context.Context) (int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+auditCols+` FROM audit ORDER BY id`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	prev, want, n := genesis, int64(1), 0
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return n, err
		}
		switch {
		case e.ID != want:
			return n, &VerifyError{ID: e.ID, Reason: fmt.Sprintf("got id %d after %d: rows are missing", e.ID, want-1)}
		case e.PrevHash != prev:
			return n, &VerifyError{ID: e.ID, Reason: "its previous hash is not the hash of the row before it"}
		case chainHash(prev, e) != e.Hash:
			return n, &VerifyError{ID: e.ID, Reason: "its content does not match its hash (the row was changed)"}
		}
		prev, want = e.Hash, want+1
		n++
	}
	return n, rows.Err()
}

// Backup writes a consistent copy of the database to path with VACUUM
// INTO; path must not exist.
func (s *SQLite) Backup(ctx context.Context, path string) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s exists: choose a new file for the backup", path)
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return err
	}
	return os.Chmod(path, 0o600)
}
