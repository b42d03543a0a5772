package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Role is what a user may do in the workspace.
type Role string

// Roles. An admin manages users; a planner uploads datasets, plans and
// submits; an approver approves or rejects a submitted plan; a viewer
// reads.
const (
	Admin    Role = "admin"
	Planner  Role = "planner"
	Approver Role = "approver"
	Viewer   Role = "viewer"
)

// Roles lists every role, for help texts and validation.
var Roles = []Role{Admin, Planner, Approver, Viewer}

// ParseRole returns the role named s.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q: want admin, planner, approver or viewer", s)
}

// ErrNotFound is returned for a user, session, dataset or plan that does
// not exist (or a session that expired).
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a row exists already (a user name taken) or
// a plan is not in the state a transition starts from.
var ErrConflict = errors.New("conflict")

// User is an account of the workspace.
type User struct {
	ID           int64
	Name         string
	Role         Role
	PasswordHash string // argon2id, in the PHC string format
	Created      time.Time
	// School limits a viewer to the moves from or to the school of this
	// ID; empty means the whole county.
	School string
}

// Session is a logged-in browser or API client. The token itself is never
// stored, only its SHA-256.
type Session struct {
	TokenHash string
	User      User
	CSRF      string
	Expires   time.Time
}

// File is one file of an uploaded dataset, as uploaded.
type File struct {
	Name   string
	Data   []byte
	SHA256 string // hex
}

// Dataset is an uploaded county dataset that loaded without errors.
type Dataset struct {
	ID        int64
	Name      string
	Uploader  string
	Created   time.Time
	Schools   int
	Teachers  int
	Files     []File // filled by Dataset, not by Datasets
	InputsSHA string // SHA-256 over the files' names and hashes
}

// Plan states: a job is queued, then running, then done (a plan exists)
// or failed.
const (
	PlanQueued  = "queued"
	PlanRunning = "running"
	PlanDone    = "done"
	PlanFailed  = "failed"
)

// Review states of a done plan.
const (
	ReviewDraft     = "draft"
	ReviewSubmitted = "submitted"
	ReviewApproved  = "approved"
	ReviewRejected  = "rejected"
)

// Plan is a plan job and, once done, its outcome.
type Plan struct {
	ID        int64
	DatasetID int64
	Creator   string
	Created   time.Time
	Options   string // the options as JSON
	Status    string // PlanQueued …
	Review    string // ReviewDraft …
	Comment   string // the approver's comment
	Error     string // why a job failed
	// Parent is the plan a re-plan was made against (its baseline), 0
	// for a plan of the dataset alone; Pins is the pins file (CSV) the
	// re-plan was made with.
	Parent int64
	Pins   string
	// Outcome, when done.
	StopReason string  // solver.Status
	Total      float64 // objective
	Bound      float64
	Moves      int
	Dest       []int32 // destination part per teacher, -1 stays
}

// Result is the outcome of a plan job.
type Result struct {
	StopReason string
	Total      float64
	Bound      float64
	Moves      int
	Dest       []int32
}

// Entry is one row of the audit log.
type Entry struct {
	ID        int64
	At        time.Time
	User      string
	Action    string
	DatasetID int64 // 0: none
	PlanID    int64 // 0: none
	Detail    string
	InputsSHA string // SHA-256 of the action's inputs, when it has any
	PrevHash  string
	Hash      string
}

// VerifyError names the first audit row whose hash does not match.
type VerifyError struct {
	ID     int64
	Reason string
}

func (e *VerifyError) Error() string {
	return fmt.Sprintf("audit row %d: %s", e.ID, e.Reason)
}

// Store is what the workspace keeps. Methods are safe for concurrent use.
type Store interface {
	CountUsers(ctx context.Context) (int, error)
	CreateUser(ctx context.Context, u User) (User, error)
	UserByName(ctx context.Context, name string) (User, error)
	Users(ctx context.Context) ([]User, error)

	CreateSession(ctx context.Context, s Session) error
	// Session returns the unexpired session of the token hash.
	Session(ctx context.Context, tokenHash string, now time.Time) (Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteExpiredSessions deletes the sessions expired by now and
	// returns how many.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)

	CreateDataset(ctx context.Context, d Dataset) (int64, error)
	Dataset(ctx context.Context, id int64) (Dataset, error)
	Datasets(ctx context.Context) ([]Dataset, error)

	CreatePlan(ctx context.Context, p Plan) (int64, error)
	Plan(ctx context.Context, id int64) (Plan, error)
	Plans(ctx context.Context) ([]Plan, error)
	// SetPlanStatus moves a job from one status to another; ErrConflict
	// when it is not in from.
	SetPlanStatus(ctx context.Context, id int64, from, to, errMsg string) error
	// FinishPlan stores the outcome of a running job and marks it done.
	FinishPlan(ctx context.Context, id int64, r Result) error
	// SetReview moves a done plan from one of the review states from to
	// the review state to, with the comment; ErrConflict otherwise.
	SetReview(ctx context.Context, id int64, from []string, to, comment string) error
	// FailUnfinished marks every queued or running plan failed (a restart
	// found them) and returns how many.
	FailUnfinished(ctx context.Context, reason string) (int, error)

	// Append adds an entry to the audit log, chained to the last one, and
	// returns it as stored.
	Append(ctx context.Context, e Entry) (Entry, error)
	// Audit returns the last limit entries, newest first (0: all).
	Audit(ctx context.Context, limit int) ([]Entry, error)
	// Verify recomputes the hash chain; a *VerifyError names the first
	// row that does not match.
	Verify(ctx context.Context) (int, error)

	// Backup writes a consistent copy of the database to path, which must
	// not exist.
	Backup(ctx context.Context, path string) error
	Close() error
}
