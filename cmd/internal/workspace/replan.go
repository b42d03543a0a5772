package workspace

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// pinJSON is one pin as POST /api/plans/{id}/pins takes it: the columns
// of pins.csv.
type pinJSON struct {
	TeacherID string `json:"teacher_id"`
	Action    string `json:"action"` // move, stay or forbid (or 交流, 留任, 禁止)
	SchoolID  string `json:"school_id,omitempty"`
}

// maxPins caps the pins of one request.
const maxPins = 10000

// pinsFileNames are the base names the loader reads as the pins file.
var pinsFileNames = []string{"pins", "固定", "固定安排"}

func isPinsFile(name string) bool {
	base := strings.ToLower(strings.TrimSuffix(name, path.Ext(name)))
	return slices.Contains(pinsFileNames, base)
}

// pinsCSV writes the pins file of a re-plan: the new pins first (so a
// problem on line n is the request's pin n-1), then the pins in force in
// the plan re-planned, but for the move or stay pins of a teacher whom a
// new move or stay pin overrides.
func pinsCSV(pins []pinJSON, in *model.Instance) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"teacher_id", "action", "to_school_id"}) // a bytes.Buffer does not fail
	fixed := map[string]bool{}
	for _, p := range pins {
		_ = w.Write([]string{p.TeacherID, p.Action, p.SchoolID})
		if a, err := model.ParsePinAction(p.Action); err == nil && a != model.PinForbid {
			fixed[p.TeacherID] = true
		}
	}
	for _, p := range in.Pins {
		id := in.Teachers[p.Teacher].ID
		if p.Action != model.PinForbid && fixed[id] {
			continue
		}
		school := ""
		if p.School != model.NoSchool && p.Action != model.PinStay {
			school = in.Schools[p.School].ID
		}
		_ = w.Write([]string{id, p.Action.String(), school})
	}
	w.Flush()
	return b.String()
}

// replanFiles are the dataset's files with its pins file replaced by pins.
func replanFiles(files []store.File, pins string) []store.File {
	out := make([]store.File, 0, len(files)+1)
	for _, f := range files {
		if !isPinsFile(f.Name) {
			out = append(out, f)
		}
	}
	sum := sha256.Sum256([]byte(pins))
	return append(out, store.File{Name: "pins.csv", Data: []byte(pins), SHA256: hex.EncodeToString(sum[:])})
}

// baselineOf is a done plan as the baseline of a re-plan: its moves, by
// teacher and school index (a plan's destinations are school indices).
func baselineOf(parent store.Plan, in *model.Instance) (*model.Baseline, error) {
	if len(parent.Dest) != len(in.Teachers) {
		return nil, fmt.Errorf("plan %d has %d destinations for %d teachers", parent.ID, len(parent.Dest), len(in.Teachers))
	}
	b := &model.Baseline{File: fmt.Sprintf("plan-%d", parent.ID)}
	for t, d := range parent.Dest {
		if d == solver.Stay {
			continue
		}
		if int(d) < 0 || int(d) >= len(in.Schools) {
			return nil, fmt.Errorf("plan %d: teacher %d has destination %d of %d schools", parent.ID, t, d, len(in.Schools))
		}
		b.Moves = append(b.Moves, model.Assignment{Teacher: t, To: int(d), Line: t + 2})
	}
	return b, nil
}

// replanInstance loads the instance of a re-plan of parent with the pins
// file pins, against parent as baseline. An *model.InputError holds the
// problems of invalid pins.
func (s *Server) replanInstance(r *http.Request, parent store.Plan, pins string) (*model.Instance, store.Dataset, error) {
	base, d, err := s.instance(r, parent.DatasetID)
	if err != nil {
		return nil, d, err
	}
	in, _, err := loadFiles(replanFiles(d.Files, pins), "")
	if err != nil {
		return nil, d, err
	}
	if in.Baseline, err = baselineOf(parent, base); err != nil {
		return nil, d, err
	}
	sum := sha256.Sum256([]byte(mustJSON(parent.Dest)))
	in.Files = append(in.Files, model.FileInfo{Name: "baseline:" + in.Baseline.File, SHA256: hex.EncodeToString(sum[:])})
	return in, d, nil
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v) // plain data
	return string(b)
}

// planInstance is the instance a plan was made from: its dataset's, or,
// for a re-plan, the dataset's with the re-plan's pins and its parent
// as baseline (cached by the negated plan ID).
func (s *Server) planInstance(r *http.Request, p store.Plan) (*model.Instance, store.Dataset, error) {
	if p.Parent == 0 {
		return s.instance(r, p.DatasetID)
	}
	if c, ok := s.cache.get(-p.ID); ok {
		return c.in, c.d, nil
	}
	parent, err := s.st.Plan(r.Context(), p.Parent)
	if err != nil {
		return nil, store.Dataset{}, fmt.Errorf("plan %d: parent plan %d: %w", p.ID, p.Parent, err)
	}
	in, d, err := s.replanInstance(r, parent, p.Pins)
	if err != nil {
		return nil, d, fmt.Errorf("plan %d no longer loads: %w", p.ID, err)
	}
	s.cache.put(-p.ID, cached{in: in, d: d})
	return in, d, nil
}

// readPins reads the pins of a request: a JSON list, or the plan page's
// form (teacher_id, action, school_id; none for a re-plan with the pins
// in force).
func readPins(w http.ResponseWriter, r *http.Request) ([]pinJSON, error) {
	if isJSON(r) {
		var pins []pinJSON
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&pins); err != nil {
			return nil, err
		}
		if len(pins) > maxPins {
			return nil, fmt.Errorf("%d pins, want at most %d", len(pins), maxPins)
		}
		return pins, nil
	}
	if t := strings.TrimSpace(r.PostFormValue("teacher_id")); t != "" {
		return []pinJSON{{TeacherID: t, Action: r.PostFormValue("action"), SchoolID: strings.TrimSpace(r.PostFormValue("school_id"))}}, nil
	}
	return nil, nil
}

// pinPlan is POST /plans/{id}/pins: the pins (a JSON list, or one pin
// of the plan page's form) are checked against the dataset as rotaplan
// plan --pins checks a pins file, then a re-plan of the dataset starts
// with them, the pins of plan {id} and plan {id} as the baseline, so
// that the weight change keeps its list stable. Invalid pins are 422
// with their problems; the reply names the new plan.
func (s *Server) pinPlan(w http.ResponseWriter, r *http.Request, se store.Session) {
	parent, err := s.planOf(r)
	if err != nil {
		s.storeError(w, r, &se, err)
		return
	}
	pins, err := readPins(w, r)
	if err != nil {
		s.fail(w, r, &se, http.StatusBadRequest, "固定安排格式有误："+err.Error(), "bad pins: "+err.Error())
		return
	}
	if parent.Status != store.PlanDone {
		s.fail(w, r, &se, http.StatusConflict, "只能针对已完成的方案重新编制", "only a done plan can be re-planned")
		return
	}
	parentIn, _, err := s.planInstance(r, parent)
	if err != nil {
		s.internal(w, r, &se, err)
		return
	}
	csvText := pinsCSV(pins, parentIn)
	in, d, err := s.replanInstance(r, parent, csvText)
	var inputErr *model.InputError
	if errors.As(err, &inputErr) {
		probs := problemsJSON(inputErr.Problems.Errors())
		if isAPI(r) {
			writeJSON(w, http.StatusUnprocessableEntity, apiError{Error: "invalid pins", Problems: probs})
			return
		}
		msgs := make([]string, len(probs))
		for i, p := range probs {
			msgs[i] = p.Text
		}
		s.fail(w, r, &se, http.StatusUnprocessableEntity, "固定安排有误："+strings.Join(msgs, "；"), "invalid pins: "+strings.Join(msgs, "; "))
		return
	}
	if err != nil {
		s.internal(w, r, &se, err)
		return
	}
	var opts planOptions
	if err := json.Unmarshal([]byte(parent.Options), &opts); err != nil {
		s.internal(w, r, &se, fmt.Errorf("plan %d options: %w", parent.ID, err))
		return
	}
	sum := sha256.Sum256([]byte(csvText))
	pinsSHA := hex.EncodeToString(sum[:])
	_ = s.audit(r.Context(), store.Entry{User: se.User.Name, Action: "plan.pins", DatasetID: d.ID, PlanID: parent.ID, InputsSHA: pinsSHA,
		Detail: fmt.Sprintf("%d new pins, %d in force: %s", len(pins), len(in.Pins), mustJSON(pins))})
	js := mustJSON(opts)
	id, err := s.st.CreatePlan(r.Context(), store.Plan{DatasetID: d.ID, Creator: se.User.Name, Created: s.cfg.Now(), Options: js,
		Parent: parent.ID, Pins: csvText})
	if err != nil {
		s.internal(w, r, &se, err)
		return
	}
	s.cache.put(-id, cached{in: in, d: d})
	_ = s.audit(r.Context(), store.Entry{User: se.User.Name, Action: "plan.replan", DatasetID: d.ID, PlanID: id, InputsSHA: pinsSHA,
		Detail: fmt.Sprintf("against plan %d with %d pins; %s", parent.ID, len(in.Pins), js)})
	ctx, cancel := context.WithCancel(s.baseCtx)
	j := s.jobs.add(id, cancel)
	s.wg.Add(1)
	go s.run(ctx, id, j, in, se.User.Name, d.ID, opts)
	if isAPI(r) {
		writeJSON(w, http.StatusAccepted, map[string]int64{"id": id, "parent": parent.ID})
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/plans/%d", id), http.StatusSeeOther)
}
