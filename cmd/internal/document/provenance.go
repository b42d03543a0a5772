package document

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
