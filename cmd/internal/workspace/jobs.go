package workspace

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// progressJSON is a snapshot of a running plan, as the events and the API
// give it.
type progressJSON struct {
	Status     string  `json:"status"` // queued, running, done or failed
	Phase      string  `json:"phase,omitempty"`
	Elapsed    float64 `json:"elapsed_s"`
	Total      float64 `json:"total"`
	Bound      float64 `json:"bound"`
	Gap        float64 `json:"gap"`
	Iterations int64   `json:"iterations"`
}

// job is a plan being searched. Its progress is written by the solving
// goroutine's callback and read by the event streams.
type job struct {
	cancel  context.CancelFunc
	turn    chan struct{} // closed when the job may take its slot
	mu      sync.Mutex
	prog    progressJSON
	changed chan struct{} // closed at each change, then replaced
	done    bool
}

func (j *job) update(f func(*progressJSON)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	f(&j.prog)
	close(j.changed)
	j.changed = make(chan struct{})
}

// snapshot returns the progress, a channel closed at the next change and
// whether the job has ended (its outcome is stored).
func (j *job) snapshot() (progressJSON, <-chan struct{}, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.prog, j.changed, j.done
}

// jobs are the plans being searched or waiting, by plan ID. The plans
// waiting for a slot take them in the order they were added: a plan asked
// for first is searched first, whatever the goroutines' scheduling.
type jobs struct {
	mu      sync.Mutex
	free    int             // slots not taken
	waiting []chan struct{} // the turns of the jobs waiting, first first
	byID    map[int64]*job
}

func newJobs(n int) *jobs {
	return &jobs{free: n, byID: map[int64]*job{}}
}

// add registers plan id's job and queues it for a slot: its turn is
// closed at once when a slot is free and nobody waits.
func (js *jobs) add(id int64, cancel context.CancelFunc) *job {
	js.mu.Lock()
	defer js.mu.Unlock()
	j := &job{cancel: cancel, turn: make(chan struct{}), changed: make(chan struct{}), prog: progressJSON{Status: store.PlanQueued}}
	if js.free > 0 && len(js.waiting) == 0 {
		js.free--
		close(j.turn)
	} else {
		js.waiting = append(js.waiting, j.turn)
	}
	js.byID[id] = j
	return j
}

// release gives a job's slot to the first job waiting, or frees it.
func (js *jobs) release() {
	js.mu.Lock()
	defer js.mu.Unlock()
	if len(js.waiting) > 0 {
		close(js.waiting[0])
		js.waiting = js.waiting[1:]
		return
	}
	js.free++
}

// leave takes a job that stops waiting out of the queue; if its turn came
// meanwhile, the slot it was given goes on.
func (js *jobs) leave(j *job) {
	js.mu.Lock()
	for i, t := range js.waiting {
		if t == j.turn {
			js.waiting = append(js.waiting[:i:i], js.waiting[i+1:]...)
			js.mu.Unlock()
			return
		}
	}
	js.mu.Unlock()
	js.release()
}

func (js *jobs) get(id int64) *job {
	js.mu.Lock()
	defer js.mu.Unlock()
	return js.byID[id]
}

// end marks the job ended and forgets it.
func (js *jobs) end(id int64, status string) {
	js.mu.Lock()
	j := js.byID[id]
	delete(js.byID, id)
	js.mu.Unlock()
	if j == nil {
		return
	}
	j.update(func(p *progressJSON) { p.Status = status })
	j.mu.Lock()
	j.done = true
	close(j.changed)
	j.changed = make(chan struct{})
	j.mu.Unlock()
	j.cancel()
}

// planOptions are the settings of a plan, as the API takes them and the
// store keeps them.
type planOptions struct {
	Seed       uint64  `json:"seed"`
	TimeLimit  float64 `json:"time_limit"` // seconds; 0: no limit
	Threads    int     `json:"threads"`
	Iterations int64   `json:"iterations"` // per thread; 0: the default budget
	Gap        float64 `json:"gap"`
}

// check validates the options against the workspace's limits.
func (o planOptions) check(maxThreads int) error {
	switch {
	case o.Threads < 1 || o.Threads > maxThreads:
		return fmt.Errorf("threads: got %d, want 1 to %d", o.Threads, maxThreads)
	case !(o.TimeLimit >= 0 && o.TimeLimit <= 24*3600):
		return fmt.Errorf("time_limit: got %g, want 0 (no limit) to 86400 seconds", o.TimeLimit)
	case !(o.Gap >= 0 && o.Gap < 1):
		return fmt.Errorf("gap: got %g, want 0 ≤ gap < 1", o.Gap)
	case o.Iterations < 0:
		return fmt.Errorf("iterations: got %d, want 0 (the default budget) or more", o.Iterations)
	}
	return nil
}

func (o planOptions) solver() solver.Options {
	return solver.Options{Seed: o.Seed, Threads: o.Threads, Iterations: o.Iterations,
		TimeLimit: time.Duration(o.TimeLimit * float64(time.Second)), Gap: o.Gap}
}

// run searches plan id of the instance in as a background job: it waits
// for its turn at a slot (jobs.add queued it), searches until the budget,
// the limit, the gap or a stop, and stores the best plan found. A job that
// panics is stored failed.
func (s *Server) run(ctx context.Context, id int64, j *job, in *model.Instance, user string, datasetID int64, opts planOptions) {
	defer s.wg.Done()
	status := store.PlanFailed
	defer func() { s.jobs.end(id, status) }()
	defer func() {
		if r := recover(); r != nil {
			msg := model.MaskIDNumbers(fmt.Sprint(r))
			fmt.Fprintf(s.log, "workspace: plan %d: internal error: %s\n", id, msg)
			s.failPlan(ctx, id, user, datasetID, "internal error: "+msg, store.PlanRunning, store.PlanQueued)
		}
	}()
	select {
	case <-j.turn:
		defer s.jobs.release()
	case <-ctx.Done():
		s.jobs.leave(j)
		s.failPlan(ctx, id, user, datasetID, "stopped before it started", store.PlanQueued)
		return
	}
	if err := s.st.SetPlanStatus(context.WithoutCancel(ctx), id, store.PlanQueued, store.PlanRunning, ""); err != nil {
		// The row would otherwise stay queued with no job behind it until
		// the next start of the workspace.
		fmt.Fprintf(s.log, "workspace: plan %d: mark it running: %v\n", id, err)
		s.failPlan(ctx, id, user, datasetID, "could not be started: the workspace's database refused the change", store.PlanQueued, store.PlanRunning)
		return
	}
	j.update(func(p *progressJSON) { p.Status = store.PlanRunning })
	ev := solver.NewEvaluator(in)
	so := opts.solver()
	so.Progress = func(pr solver.Progress) {
		j.update(func(p *progressJSON) {
			*p = progressJSON{Status: store.PlanRunning, Phase: pr.Phase, Elapsed: pr.Elapsed.Seconds(), Total: pr.Score.Total,
				Bound: pr.Bound, Gap: solver.Gap(pr.Score.Total, pr.Bound), Iterations: pr.Iterations}
		})
	}
	res := solver.Solve(ctx, ev, so)
	rep := ev.Report(res.Plan)
	r := store.Result{StopReason: res.Status.String(), Total: res.Score.Total, Bound: res.Bound, Moves: rep.Quota.Moved, Dest: res.Plan.Dest}
	if err := s.st.FinishPlan(context.WithoutCancel(ctx), id, r); err != nil {
		fmt.Fprintf(s.log, "workspace: plan %d: store the outcome: %v\n", id, err)
		s.failPlan(ctx, id, user, datasetID, "the outcome could not be stored", store.PlanRunning)
		return
	}
	status = store.PlanDone
	_ = s.audit(ctx, store.Entry{User: user, Action: "plan.done", DatasetID: datasetID, PlanID: id, InputsSHA: destSHA(res.Plan.Dest),
		Detail: fmt.Sprintf("%d moves, total %.2f, bound %.2f, stopped on %s after %.1fs", r.Moves, r.Total, r.Bound, r.StopReason, res.Elapsed.Seconds())})
}

// failPlan marks plan id failed, from the first of the statuses from that it
// is in (a store may have made a change it reported as failed), and audits
// it once the mark is stored. When the store refuses every change the row
// keeps its status until the next start of the workspace, which fails
// every unfinished plan; the log says so.
func (s *Server) failPlan(ctx context.Context, id int64, user string, datasetID int64, why string, from ...string) {
	ctx = context.WithoutCancel(ctx)
	var err error
	for _, f := range from {
		if err = s.st.SetPlanStatus(ctx, id, f, store.PlanFailed, why); err == nil {
			_ = s.audit(ctx, store.Entry{User: user, Action: "plan.failed", DatasetID: datasetID, PlanID: id, Detail: why})
			return
		}
	}
	fmt.Fprintf(s.log, "workspace: plan %d: mark it failed (%s): %v; the next start marks it failed\n", id, why, err)
}
