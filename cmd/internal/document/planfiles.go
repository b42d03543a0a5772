package document

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/rotaplan/rotaplan/solver"
)

// PlanJSON is plan.json: the run's outcome, the report and its provenance.
// Times are left out so the same run gives the same bytes.
type PlanJSON struct {
	Provenance Provenance     `json:"provenance"`
	Status     string         `json:"status"`
	Bound      float64        `json:"bound"`
	Gap        float64        `json:"gap"`
	Report     *solver.Report `json:"report"`
}

// PlanFiles builds the files of a plan folder by name: plan.json,
// plan.csv (with identity numbers only when d.WithID), schools.csv,
// notice.csv, points.csv, eligibility.csv, approval.html, notice.html, schools.html and
// report.txt. d.Result must be set; its Elapsed is left out of every file,
// so the same run gives the same bytes whichever door (rotaplan plan or
// the workspace) asks. ev is the evaluator of d.Report.
func PlanFiles(d Data, ev *solver.Evaluator) (map[string][]byte, error) {
	prov := d.Prov
	timeless := *d.Result
	timeless.Elapsed = 0
	d.Result = &timeless
	var text bytes.Buffer
	WriteReport(&text, ev, d.Report, &timeless) // the evaluator's scratch: before the others
	fmt.Fprintf(&text, "\n来源 (provenance): rotaplan %s, dataset %s, seed %d, threads %d, policy sha256 %s\n",
		prov.Version, prov.Dataset, prov.Seed, prov.Threads, prov.PolicyHash[:12])
	for _, f := range prov.Inputs {
		fmt.Fprintf(&text, "  %s %s %s\n", f.Name, f.Encoding, f.SHA256)
	}
	withID := d.WithID
	// The documents for approval and publication carry no identity
	// numbers, and the notice only its five columns.
	d.WithID = false
	builds := []struct {
		name  string
		build func() ([]byte, error)
	}{
		{"plan.json", func() ([]byte, error) {
			js, err := json.MarshalIndent(PlanJSON{Provenance: prov, Status: timeless.Status.String(), Bound: timeless.Bound,
				Gap: timeless.Gap(), Report: d.Report}, "", "  ")
			return append(js, '\n'), err
		}},
		{"plan.csv", func() ([]byte, error) {
			if withID {
				return RotationCSV(d.In, d.Report, d.Lang, true), nil
			}
			return PlanCSV(d.In, d.Report, d.Lang), nil
		}},
		{"schools.csv", func() ([]byte, error) { return PartsCSV(d.Report, d.Lang), nil }},
		{"notice.csv", func() ([]byte, error) { return NoticeCSV(d), nil }},
		{"points.csv", func() ([]byte, error) { return PointsCSV(d), nil }},
		{"eligibility.csv", func() ([]byte, error) { return EligibilityCSV(d), nil }},
		{"principals.csv", func() ([]byte, error) { return PrincipalsCSV(d), nil }},
		{"approval.html", func() ([]byte, error) { return ApprovalHTML(d) }},
		{"notice.html", func() ([]byte, error) { return NoticeHTML(d) }},
		{"schools.html", func() ([]byte, error) { return SchoolsHTML(d) }},
	}
	// The builders only read the instance and the report: on a prefecture
	// the school pages alone take a second, so they run side by side.
	out := make([][]byte, len(builds))
	errs := make([]error, len(builds))
	var wg sync.WaitGroup
	for i, b := range builds {
		wg.Go(func() { out[i], errs[i] = b.build() })
	}
	wg.Wait()
	files := map[string][]byte{"report.txt": text.Bytes()}
	for i, b := range builds {
		if errs[i] != nil {
			return nil, fmt.Errorf("build %s: %w", b.name, errs[i])
		}
		files[b.name] = out[i]
	}
	return files, nil
}
