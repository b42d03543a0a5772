package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func openTest(t *testing.T) (*SQLite, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(context.Background(), dir)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s, dir
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	s, dir := openTest(t)
	vs, err := s.Migrations(ctx)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 3}, vs)
	_, err = s.CreateUser(ctx, User{Name: "li", Role: Planner, PasswordHash: "h"})
	require.NoError(t, err)
	require.NoError(t, s.Close())

	// Opening again applies nothing twice and keeps the data.
	s2, err := Open(ctx, dir)
	require.NoError(t, err)
	defer s2.Close()
	vs, err = s2.Migrations(ctx)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 3}, vs)
	n, err := s2.CountUsers(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "got %d users after reopening, want 1", n)

	if runtime.GOOS != "windows" {
		st, err := os.Stat(filepath.Join(dir, FileName))
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "the database is readable by others")
	}
	var mode string
	require.NoError(t, s2.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode))
	assert.Equal(t, "wal", mode)
	var fk int
	require.NoError(t, s2.db.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk))
	assert.Equal(t, 1, fk)
}

// A store made by an older rotaplan gains the later migrations and keeps
// its rows.
func TestMigrateOlderStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old, err := open(ctx, dir, migrations[:1])
	require.NoError(t, err)
	_, err = old.db.ExecContext(ctx, `INSERT INTO users (name, role, password_hash, created) VALUES ('li', 'viewer', 'h', '2026-01-01T00:00:00Z')`)
	require.NoError(t, err)
	_, err = old.Append(ctx, Entry{User: "li", Action: "login"})
	require.NoError(t, err)
	require.NoError(t, old.Close())

	s, err := Open(ctx, dir)
	require.NoError(t, err)
	defer s.Close()
	vs, err := s.Migrations(ctx)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 3}, vs)
	u, err := s.UserByName(ctx, "li")
	require.NoError(t, err)
	assert.Equal(t, Viewer, u.Role)
	assert.Empty(t, u.School, "an older user is limited to no school")
	n, err := s.Verify(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
}

func TestForeignKeys(t *testing.T) {
	s, _ := openTest(t)
	_, err := s.CreatePlan(context.Background(), Plan{DatasetID: 42, Creator: "li", Options: "{}"})
	assert.Error(t, err, "a plan of a dataset that does not exist was stored")
}

func TestUsers(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	u, err := s.CreateUser(ctx, User{Name: "wang", Role: Approver, PasswordHash: "hash", School: "S1"})
	require.NoError(t, err)
	got, err := s.UserByName(ctx, "wang")
	require.NoError(t, err)
	assert.Equal(t, u.ID, got.ID)
	assert.Equal(t, Approver, got.Role)
	assert.Equal(t, "S1", got.School)

	_, err = s.CreateUser(ctx, User{Name: "wang", Role: Viewer, PasswordHash: "hash"})
	assert.ErrorIs(t, err, ErrConflict)
	_, err = s.CreateUser(ctx, User{Name: "zhao", Role: Role("root"), PasswordHash: "hash"})
	assert.Error(t, err)
	_, err = s.UserByName(ctx, "nobody")
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestSessions(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	u, err := s.CreateUser(ctx, User{Name: "li", Role: Planner, PasswordHash: "h"})
	require.NoError(t, err)
	now := time.Now()
	require.NoError(t, s.CreateSession(ctx, Session{TokenHash: "t1", User: u, CSRF: "c", Expires: now.Add(time.Hour)}))
	se, err := s.Session(ctx, "t1", now)
	require.NoError(t, err)
	assert.Equal(t, "li", se.User.Name)
	assert.Equal(t, "c", se.CSRF)

	_, err = s.Session(ctx, "t1", now.Add(2*time.Hour))
	assert.ErrorIs(t, err, ErrNotFound, "an expired session was returned")
	require.NoError(t, s.DeleteSession(ctx, "t1"))
	_, err = s.Session(ctx, "t1", now)
	assert.ErrorIs(t, err, ErrNotFound, "a deleted session was returned")
}

// DeleteExpiredSessions deletes the sessions expired by now, those that
// expire at now included, and keeps the others.
func TestDeleteExpiredSessions(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	u, err := s.CreateUser(ctx, User{Name: "li", Role: Planner, PasswordHash: "h"})
	require.NoError(t, err)
	now := time.Date(2026, 7, 1, 9, 0, 0, 500_000_000, time.UTC)
	expires := map[string]time.Time{
		"yesterday": now.Add(-24 * time.Hour),
		// A whole second sorts after now's fraction as text: "09:00:00Z"
		// > "09:00:00.5Z"; it expired all the same.
		"a second ago": now.Add(-500 * time.Millisecond).Truncate(time.Second),
		"now":          now,
		"a ms later":   now.Add(time.Millisecond),
		"tomorrow":     now.Add(24 * time.Hour),
	}
	for token, at := range expires {
		require.NoError(t, s.CreateSession(ctx, Session{TokenHash: token, User: u, CSRF: "c", Expires: at}))
	}
	n, err := s.DeleteExpiredSessions(ctx, now)
	require.NoError(t, err)
	assert.Equal(t, 3, n, "got %d sessions deleted, want 3", n)
	// Looked up at a time before any expiry, only the rows left are found.
	for token, at := range expires {
		_, err := s.Session(ctx, token, now.Add(-48*time.Hour))
		if at.After(now) {
			assert.NoError(t, err, "the session expiring %s was deleted", token)
		} else {
			assert.ErrorIs(t, err, ErrNotFound, "the session expired %s is still stored", token)
		}
	}
	n, err = s.DeleteExpiredSessions(ctx, now)
	require.NoError(t, err)
	assert.Zero(t, n, "got %d sessions deleted twice", n)
}

func TestPlanTransitions(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	did, err := s.CreateDataset(ctx, Dataset{Name: "county", Files: []File{{Name: "schools.csv", Data: []byte("x"), SHA256: "s"}}})
	require.NoError(t, err)
	d, err := s.Dataset(ctx, did)
	require.NoError(t, err)
	require.Len(t, d.Files, 1)
	assert.Equal(t, []byte("x"), d.Files[0].Data)

	id, err := s.CreatePlan(ctx, Plan{DatasetID: did, Creator: "li", Options: "{}"})
	require.NoError(t, err)
	assert.ErrorIs(t, s.SetReview(ctx, id, []string{ReviewDraft}, ReviewSubmitted, ""), ErrConflict, "a queued plan was submitted")
	assert.ErrorIs(t, s.FinishPlan(ctx, id, Result{}), ErrConflict, "a queued plan was finished")
	require.NoError(t, s.SetPlanStatus(ctx, id, PlanQueued, PlanRunning, ""))
	require.NoError(t, s.FinishPlan(ctx, id, Result{StopReason: "gap", Total: 12.5, Moves: 1, Dest: []int32{-1, 3}}))
	require.NoError(t, s.SetReview(ctx, id, []string{ReviewDraft, ReviewRejected}, ReviewSubmitted, ""))
	assert.ErrorIs(t, s.SetReview(ctx, id, []string{ReviewDraft, ReviewRejected}, ReviewSubmitted, ""), ErrConflict, "submitted twice")
	require.NoError(t, s.SetReview(ctx, id, []string{ReviewSubmitted}, ReviewApproved, "ok"))
	p, err := s.Plan(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, ReviewApproved, p.Review)
	assert.Equal(t, "ok", p.Comment)
	assert.Equal(t, []int32{-1, 3}, p.Dest)
	assert.Equal(t, 12.5, p.Total)

	// A restart fails the jobs it finds unfinished, not the done ones.
	id2, err := s.CreatePlan(ctx, Plan{DatasetID: did, Creator: "li", Options: "{}"})
	require.NoError(t, err)
	n, err := s.FailUnfinished(ctx, "restart")
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	p2, err := s.Plan(ctx, id2)
	require.NoError(t, err)
	assert.Equal(t, PlanFailed, p2.Status)
	assert.Zero(t, p2.Parent)

	// A re-plan keeps its parent and its pins.
	id3, err := s.CreatePlan(ctx, Plan{DatasetID: did, Creator: "li", Options: "{}", Parent: id, Pins: "teacher_id,action\nT1,stay\n"})
	require.NoError(t, err)
	p3, err := s.Plan(ctx, id3)
	require.NoError(t, err)
	assert.Equal(t, id, p3.Parent)
	assert.Equal(t, "teacher_id,action\nT1,stay\n", p3.Pins)
}

func appendN(t *testing.T, s *SQLite, n int) {
	t.Helper()
	for i := range n {
		_, err := s.Append(context.Background(), Entry{User: "li", Action: "test", DatasetID: int64(i), Detail: "第" + string(rune('1'+i)) + "条"})
		require.NoError(t, err)
	}
}

func TestAuditChain(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	appendN(t, s, 4)
	n, err := s.Verify(ctx)
	require.NoError(t, err)
	assert.Equal(t, 4, n)
	es, err := s.Audit(ctx, 0)
	require.NoError(t, err)
	require.Len(t, es, 4)
	assert.Equal(t, int64(4), es[0].ID, "newest first")
	assert.Equal(t, es[1].Hash, es[0].PrevHash)
	assert.Equal(t, genesis, es[3].PrevHash)

	// The triggers refuse changes through SQL too.
	_, err = s.db.ExecContext(ctx, `UPDATE audit SET user = 'x' WHERE id = 2`)
	assert.ErrorContains(t, err, "append-only")
	_, err = s.db.ExecContext(ctx, `DELETE FROM audit WHERE id = 2`)
	assert.ErrorContains(t, err, "append-only")
}

func TestVerifyFindsTampering(t *testing.T) {
	tests := []struct {
		name   string
		sql    string
		wantID int64
	}{
		{"changed detail", `UPDATE audit SET detail = 'approved by nobody' WHERE id = 2`, 2},
		{"changed time", `UPDATE audit SET at = '2020-01-01T00:00:00Z' WHERE id = 3`, 3},
		{"removed row", `DELETE FROM audit WHERE id = 2`, 3},
		{"changed hash", `UPDATE audit SET user = 'x', hash = 'abc' WHERE id = 1`, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			s, _ := openTest(t)
			appendN(t, s, 4)
			// A tamperer with the database file can drop the triggers.
			_, err := s.db.ExecContext(ctx, `DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;`)
			require.NoError(t, err)
			_, err = s.db.ExecContext(ctx, tc.sql)
			require.NoError(t, err)
			_, err = s.Verify(ctx)
			var ve *VerifyError
			require.True(t, errors.As(err, &ve), "got %v, want a VerifyError", err)
			assert.Equal(t, tc.wantID, ve.ID, "got first broken row %d, want %d (%s)", ve.ID, tc.wantID, ve.Reason)
		})
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	s, dir := openTest(t)
	_, err := s.CreateUser(ctx, User{Name: "li", Role: Admin, PasswordHash: "h"})
	require.NoError(t, err)
	appendN(t, s, 3)
	out := filepath.Join(t.TempDir(), "backup.db")
	require.NoError(t, s.Backup(ctx, out))
	if runtime.GOOS != "windows" {
		st, err := os.Stat(out)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "the backup is readable by others")
	}
	assert.Error(t, s.Backup(ctx, out), "a backup replaced an existing file")
	assert.Error(t, s.Backup(ctx, filepath.Join(dir, FileName)), "a backup replaced the database")

	db, err := sql.Open("sqlite", "file:"+out)
	require.NoError(t, err)
	defer db.Close()
	b := &SQLite{db: db}
	n, err := b.Verify(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	users, err := b.CountUsers(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, users)
}
