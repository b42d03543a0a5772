package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rotaplan/rotaplan/cmd/internal/workspace"
	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
)

// defaultStore is the store folder when --store is not given.
const defaultStore = "rotaplan-store"

type serveOptions struct {
	IO     IOStreams
	Addr   string
	Store  string
	Jobs   int
	Secure bool
	// ready, when set, is called with the address the workspace listens
	// on (tests pass port 0 and learn the port here).
	ready func(addr string)
}

func newServeCmd(opts *serveOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "serve",
		Short: "Run the bureau's web workspace",
		Long: `Serve runs the bureau's web workspace on --addr: planners upload the county
dataset (the files of a dataset folder: schools.csv, teachers.csv, policy.toml
and the optional ones), see where the county stands, plan the rotation with
live progress and a Stop button, and submit the plan; approvers approve or
reject it with a comment; everyone downloads the workbook, the report page,
the approval form, the public notice and plan.csv. The pages are in Chinese,
with a switch to English; the JSON API under /api/ does what they do.

Everything is kept in one SQLite file in the --store folder: users,
sessions, the uploaded datasets, the plans and the audit log, in which
every row is chained to the one before by its SHA-256. A store without
users says how to create the admin: rotaplan serve user add.

The workspace serves plain HTTP, on 127.0.0.1 by default; on the bureau's
intranet put it behind an HTTPS reverse proxy and pass --secure-cookies.
Ctrl-C or SIGTERM stops it with exit code 0: running plans keep their best
plan so far.`,
		Example: `  rotaplan serve --store /srv/rotaplan
  rotaplan serve --addr 0.0.0.0:8080 --store /srv/rotaplan --secure-cookies`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error { return runServe(c, opts) },
	}
	f := c.Flags()
	f.StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "address to listen on, host:port")
	f.StringVar(&opts.Store, "store", defaultStore, "folder of the workspace's database")
	f.IntVar(&opts.Jobs, "jobs", 1, "plans searched at once; the others wait queued")
	f.BoolVar(&opts.Secure, "secure-cookies", false, "mark the cookies Secure (the workspace is reached over HTTPS)")
	c.AddCommand(
		newServeUserCmd(&serveUserOptions{IO: opts.IO}),
		newServeBackupCmd(&serveBackupOptions{IO: opts.IO}),
		newServeVerifyCmd(&serveVerifyOptions{IO: opts.IO}),
	)
	return c
}

func runServe(c *cobra.Command, opts *serveOptions) error {
	if opts.Jobs < 1 || opts.Jobs > 64 {
		return usageErrorf(c, "--jobs: got %d, want 1 to 64", opts.Jobs)
	}
	ctx := c.Context()
	st, err := store.Open(ctx, opts.Store)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.CountUsers(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		fmt.Fprintf(opts.IO.ErrOut, "the store %s has no users yet; create the admin, then the planners and approvers:\n"+
			"  rotaplan serve user add admin --role admin --password-stdin --store %s\n", opts.Store, opts.Store)
	}
	ws, err := workspace.New(ctx, workspace.Config{Store: st, Version: version, Log: opts.IO.ErrOut,
		MaxJobs: opts.Jobs, MaxThreads: 2, Secure: opts.Secure})
	if err != nil {
		return err
	}
	defer ws.Close()
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return usageErrorf(c, "--addr: %v", err)
	}
	srv := &http.Server{Handler: ws, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	addr := ln.Addr().String()
	fmt.Fprintf(opts.IO.ErrOut, "rotaplan workspace on http://%s (store %s)\n", addr, opts.Store)
	if opts.ready != nil {
		opts.ready(addr)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// The event streams of running plans stay open: Shutdown waits for
	// them only briefly, then the jobs are stopped and stored.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	ws.Close()
	// Stopping is how a server ends: a clean stop is a success.
	fmt.Fprintln(opts.IO.ErrOut, "rotaplan workspace stopped")
	return nil
}

type serveUserOptions struct {
	IO            IOStreams
	Store         string
	Role          string
	School        string
	PasswordStdin bool
}

func newServeUserCmd(opts *serveUserOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "user",
		Short: "Manage the workspace's users",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	add := &cobra.Command{
		Use:   "add NAME",
		Short: "Add a user with a role",
		Long: `Add creates the user NAME with a role: admin (manages users, reads the
audit log), planner (uploads datasets, plans, submits), approver (approves
or rejects submitted plans, reads the audit log) or viewer (reads). The
password, at least 10 characters, is read from the first line of standard
input with --password-stdin, so that it stays out of the shell history;
only its argon2id hash is stored. A viewer with --school sees only the
moves from or to that school (by its school_id) and downloads none of the
county's documents. The addition is written to the audit log.`,
		Example: `  printf '%s\n' "$ADMIN_PASSWORD" | rotaplan serve user add admin --role admin --password-stdin --store /srv/rotaplan
  rotaplan serve user add zhang --role planner --password-stdin --store /srv/rotaplan < password.txt`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error { return runServeUserAdd(c, opts, args[0]) },
	}
	f := add.Flags()
	roles := make([]string, len(store.Roles))
	for i, r := range store.Roles {
		roles[i] = string(r)
	}
	f.Var(newEnum(&opts.Role, "", roles...), "role", "role of the user: "+strings.Join(roles, ", "))
	f.BoolVar(&opts.PasswordStdin, "password-stdin", false, "read the password from standard input")
	f.StringVar(&opts.School, "school", "", "limit a viewer to the moves from or to this school (its school_id)")
	f.StringVar(&opts.Store, "store", defaultStore, "folder of the workspace's database")
	c.AddCommand(add)
	return c
}

func runServeUserAdd(c *cobra.Command, opts *serveUserOptions, name string) error {
	if opts.Role == "" {
		return usageErrorf(c, "--role: missing; want one of admin, planner, approver, viewer")
	}
	if !opts.PasswordStdin {
		return usageErrorf(c, "--password-stdin: missing; pipe the password into standard input (it is never taken as an argument)")
	}
	line, err := bufio.NewReader(opts.IO.In).ReadString('\n')
	if err != nil && line == "" {
		return usageErrorf(c, "--password-stdin: no password on standard input")
	}
	password := strings.TrimRight(line, "\r\n")
	ctx := c.Context()
	st, err := store.Open(ctx, opts.Store)
	if err != nil {
		return err
	}
	defer st.Close()
	nu := workspace.NewUser{Name: name, Role: store.Role(opts.Role), Password: password, School: opts.School}
	if _, err := workspace.AddUser(ctx, st, "", nu); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return &usageError{cmd: c.CommandPath(), err: err}
		}
		if !strings.HasPrefix(err.Error(), "audit:") {
			return usageErrorf(c, "%v", err)
		}
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "added %s (%s) to %s\n", name, opts.Role, opts.Store)
	return nil
}

type serveBackupOptions struct {
	IO    IOStreams
	Store string
	Out   string
}

func newServeBackupCmd(opts *serveBackupOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "backup",
		Short: "Copy the workspace's database to a file",
		Long: `Backup writes a consistent copy of the workspace's database (SQLite VACUUM
INTO) to --out, while the workspace runs or not. --out must be a new file:
a backup never replaces one. The copy is a store of its own: put it as
rotaplan.db in an empty folder and serve or verify it with --store.`,
		Example: `  rotaplan serve backup --store /srv/rotaplan --out /backup/rotaplan-2026-07-01.db`,
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error {
			if opts.Out == "" {
				return usageErrorf(c, "--out: missing; want the backup file to write")
			}
			st, err := openExistingStore(c, opts.Store)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.Backup(c.Context(), opts.Out); err != nil {
				return fmt.Errorf("backup %s: %w", opts.Out, err)
			}
			fmt.Fprintf(opts.IO.ErrOut, "wrote %s\n", opts.Out)
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Store, "store", defaultStore, "folder of the workspace's database")
	f.StringVarP(&opts.Out, "out", "o", "", "the backup file to write (must not exist)")
	return c
}

type serveVerifyOptions struct {
	IO    IOStreams
	Store string
}

func newServeVerifyCmd(opts *serveVerifyOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "verify",
		Short: "Check the audit log's hash chain",
		Long: `Verify recomputes the hash of every row of the audit log from the row before
it and exits with code 1 naming the first row that was changed, removed or
inserted behind the workspace's back; 0 when the chain holds.`,
		Example: `  rotaplan serve verify --store /srv/rotaplan`,
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error {
			st, err := openExistingStore(c, opts.Store)
			if err != nil {
				return err
			}
			defer st.Close()
			n, err := st.Verify(c.Context())
			if err != nil {
				return fmt.Errorf("the audit log is broken after %d good rows: %w", n, err)
			}
			fmt.Fprintf(opts.IO.Out, "audit log ok: %d rows, hash chain intact\n", n)
			return nil
		},
	}
	c.Flags().StringVar(&opts.Store, "store", defaultStore, "folder of the workspace's database")
	return c
}

// openExistingStore opens the store in dir, which must hold one: backup
// and verify of a mistyped folder must not create an empty store.
func openExistingStore(c *cobra.Command, dir string) (*store.SQLite, error) {
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); err != nil {
		return nil, usageErrorf(c, "--store: no workspace store in %s (want the folder holding %s)", dir, store.FileName)
	}
	return store.Open(c.Context(), dir)
}
