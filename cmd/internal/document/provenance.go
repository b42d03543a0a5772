package document

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"

	"github.com/rotaplan/rotaplan/model"
)

// Provenance says what produced an output: tool, inputs, policy, settings.
// plan.json and score --json carry it as JSON; the workbook's summary
// sheet and the report page show it.
type Provenance struct {
	Tool       string      `json:"tool"`
	Version    string      `json:"version"`
	Dataset    string      `json:"dataset"`
	Inputs     []InputFile `json:"inputs"`
	Policy     string      `json:"policy"`
	PolicyHash string      `json:"policy_sha256"`
	Seed       uint64      `json:"seed"`
	Threads    int         `json:"threads"`
	Iterations int64       `json:"iterations"`
	Gap        float64     `json:"gap_target"`
}

// InputFile is one input file of the provenance.
type InputFile struct {
	Name     string `json:"name"`
	SHA256   string `json:"sha256"`
	Encoding string `json:"encoding"`
}

// NewProvenance is the provenance of an output of the instance in, read
// from the dataset called dataset (a folder's base name, an upload's
// name) by version of the tool; the caller fills in the search settings.
func NewProvenance(in *model.Instance, dataset, version string) Provenance {
	var pol bytes.Buffer
	_ = model.EncodePolicy(&pol, in.Policy) // writes to memory
	sum := sha256.Sum256(pol.Bytes())
	inputs := make([]InputFile, 0, len(in.Files))
	for _, f := range in.Files {
		inputs = append(inputs, InputFile{Name: f.Name, SHA256: f.SHA256, Encoding: f.Encoding})
	}
	return Provenance{Tool: "rotaplan", Version: version, Dataset: model.MaskIDNumbers(dataset), Inputs: inputs,
		Policy: pol.String(), PolicyHash: hex.EncodeToString(sum[:])}
}
