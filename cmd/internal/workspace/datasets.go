package workspace

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing/fstest"
	"time"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// problemJSON is a dataset problem as the API and the pages show it.
type problemJSON struct {
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Column   string `json:"column,omitempty"`
	Message  string `json:"message"`
	Text     string `json:"text"` // file:line: column c: severity: message
}

func problemsJSON(ps model.Problems) []problemJSON {
	out := make([]problemJSON, 0, len(ps))
	for _, p := range ps {
		p = p.Masked()
		out = append(out, problemJSON{Severity: p.Severity.String(), File: p.File, Line: p.Line, Column: p.Column,
			Message: p.Message, Text: p.String()})
	}
	return out
}

// badUpload is an upload refused before loading: why, in both languages.
type badUpload struct{ zh, en string }

func (e *badUpload) Error() string { return e.en }

// uploadedFiles reads the files of a parsed multipart upload, whatever
// their form field: each file's name must be a dataset file's base name
// (model.IsDatasetFile), once.
func uploadedFiles(r *http.Request) ([]store.File, error) {
	var files []store.File
	seen := map[string]bool{}
	for _, fhs := range r.MultipartForm.File {
		for _, fh := range fhs {
			name := fh.Filename
			if !model.IsDatasetFile(name) || strings.Contains(name, "..") {
				return nil, &badUpload{
					zh: fmt.Sprintf("不接受的文件名 %q：只接受数据文件夹中的文件（schools.csv、teachers.csv、policy.toml 等，中文名亦可）", model.MaskIDNumbers(name)),
					en: fmt.Sprintf("file name %q not accepted: want the name of a dataset file (schools.csv, teachers.csv, policy.toml, … or their Chinese names)", model.MaskIDNumbers(name)),
				}
			}
			if seen[strings.ToLower(name)] {
				return nil, &badUpload{zh: fmt.Sprintf("文件 %q 上传了两次", name), en: fmt.Sprintf("file %q uploaded twice", name)}
			}
			seen[strings.ToLower(name)] = true
			f, err := fh.Open()
			if err != nil {
				return nil, err
			}
			data, err := io.ReadAll(io.LimitReader(f, model.MaxFileBytes+1))
			f.Close()
			if err != nil {
				return nil, err
			}
			sum := sha256.Sum256(data)
			files = append(files, store.File{Name: name, Data: data, SHA256: hex.EncodeToString(sum[:])})
		}
	}
	if len(files) == 0 {
		return nil, &badUpload{zh: "没有上传文件：至少需要 schools.csv 和 teachers.csv", en: "no files uploaded: want at least schools.csv and teachers.csv"}
	}
	slices.SortFunc(files, func(a, b store.File) int { return strings.Compare(a.Name, b.Name) })
	return files, nil
}

// loadFiles loads a dataset from its files with the CLI's loader.
func loadFiles(files []store.File, encoding string) (*model.Instance, model.Problems, error) {
	fsys := fstest.MapFS{}
	for _, f := range files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o444}
	}
	return model.LoadFS(fsys, model.LoadOptions{Encoding: encoding})
}

// inputsSHA is the SHA-256 over the files' names and hashes.
func inputsSHA(files []store.File) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%s\n", f.Name, f.SHA256)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// uploadReply is the API's answer to an upload.
type uploadReply struct {
	ID       int64         `json:"id"`
	Warnings []problemJSON `json:"warnings,omitempty"`
}

// uploadDataset is POST /datasets: a multipart form with the dataset's
// files (one part per file, named by its filename) and an optional name
// and encoding. A dataset with errors is refused with 422 and its
// problems; nothing is stored.
func (s *Server) uploadDataset(w http.ResponseWriter, r *http.Request, se store.Session) {
	if r.MultipartForm == nil {
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload)
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				s.fail(w, r, &se, http.StatusRequestEntityTooLarge,
					fmt.Sprintf("上传内容超过 %d MiB 的上限", s.cfg.MaxUpload>>20), fmt.Sprintf("upload over the limit of %d MiB", s.cfg.MaxUpload>>20))
				return
			}
			s.fail(w, r, &se, http.StatusBadRequest, "需要 multipart/form-data 格式的上传", "want a multipart/form-data upload")
			return
		}
	}
	defer r.MultipartForm.RemoveAll()
	files, err := uploadedFiles(r)
	var bad *badUpload
	if errors.As(err, &bad) {
		s.fail(w, r, &se, http.StatusBadRequest, bad.zh, bad.en)
		return
	} else if err != nil {
		s.internal(w, r, &se, err)
		return
	}
	encoding := r.FormValue("encoding")
	if encoding == "auto" {
		encoding = ""
	}
	in, probs, err := loadFiles(files, encoding)
	var inputErr *model.InputError
	if errors.As(err, &inputErr) {
		probs = inputErr.Problems
		if isAPI(r) {
			writeJSON(w, http.StatusUnprocessableEntity, apiError{Error: fmt.Sprintf("the dataset has %d errors", probs.ErrorCount()), Problems: problemsJSON(probs)})
			return
		}
		s.renderDatasets(w, r, se, http.StatusUnprocessableEntity, problemsJSON(probs))
		return
	} else if err != nil {
		s.fail(w, r, &se, http.StatusUnprocessableEntity, "无法读取数据："+err.Error(), "cannot load the dataset: "+err.Error())
		return
	}
	name := strings.TrimSpace(r.FormValue("name"))
	if name == "" {
		name = "dataset-" + s.cfg.Now().Format("20060102-150405")
	}
	name = model.MaskIDNumbers(truncate(name, 80))
	d := store.Dataset{Name: name, Uploader: se.User.Name, Created: s.cfg.Now(), Schools: len(in.Schools), Teachers: len(in.Teachers),
		Files: files, InputsSHA: inputsSHA(files)}
	id, err := s.st.CreateDataset(r.Context(), d)
	if err != nil {
		s.internal(w, r, &se, err)
		return
	}
	d.ID = id
	s.cache.put(id, cached{in: in, d: d})
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	_ = s.audit(r.Context(), store.Entry{User: se.User.Name, Action: "dataset.upload", DatasetID: id, InputsSHA: d.InputsSHA,
		Detail: fmt.Sprintf("%s: %s; %d schools, %d teachers", name, strings.Join(names, ", "), d.Schools, d.Teachers)})
	if isAPI(r) {
		writeJSON(w, http.StatusCreated, uploadReply{ID: id, Warnings: problemsJSON(probs)})
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/datasets/%d", id), http.StatusSeeOther)
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// instance returns the loaded instance of a dataset and the dataset with
// its files.
func (s *Server) instance(r *http.Request, id int64) (*model.Instance, store.Dataset, error) {
	if c, ok := s.cache.get(id); ok {
		return c.in, c.d, nil
	}
	d, err := s.st.Dataset(r.Context(), id)
	if err != nil {
		return nil, d, err
	}
	in, _, err := loadFiles(d.Files, "")
	if err != nil {
		return nil, d, fmt.Errorf("dataset %d no longer loads: %w", id, err)
	}
	s.cache.put(id, cached{in: in, d: d})
	return in, d, nil
}

// cached is a loaded dataset: both are read only.
type cached struct {
	in *model.Instance
	d  store.Dataset
}

// lru keeps the last few values put, by ID.
type lru[V any] struct {
	mu    sync.Mutex
	max   int
	order []int64
	byID  map[int64]V
}

func newLRU[V any](n int) *lru[V] {
	return &lru[V]{max: n, byID: map[int64]V{}}
}

func (c *lru[V]) get(id int64) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.byID[id]
	return v, ok
}

func (c *lru[V]) put(id int64, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byID[id]; !ok {
		c.order = append(c.order, id)
	}
	c.byID[id] = v
	for len(c.order) > c.max {
		delete(c.byID, c.order[0])
		c.order = c.order[1:]
	}
}

// datasetJSON is a dataset as the API gives it.
type datasetJSON struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Uploader  string     `json:"uploader"`
	Created   time.Time  `json:"created"`
	Schools   int        `json:"schools"`
	Teachers  int        `json:"teachers"`
	InputsSHA string     `json:"inputs_sha256"`
	Files     []fileJSON `json:"files,omitempty"`
	Standing  string     `json:"standing,omitempty"` // the text of rotaplan check's standing
}

type fileJSON struct {
	Name   string `json:"name"`
	Bytes  int    `json:"bytes"`
	SHA256 string `json:"sha256"`
}

func newDatasetJSON(d store.Dataset) datasetJSON {
	j := datasetJSON{ID: d.ID, Name: d.Name, Uploader: d.Uploader, Created: d.Created, Schools: d.Schools, Teachers: d.Teachers, InputsSHA: d.InputsSHA}
	for _, f := range d.Files {
		j.Files = append(j.Files, fileJSON{Name: f.Name, Bytes: len(f.Data), SHA256: f.SHA256})
	}
	return j
}

func (s *Server) datasetsAPI(w http.ResponseWriter, r *http.Request, se store.Session) {
	ds, err := s.st.Datasets(r.Context())
	if err != nil {
		s.internal(w, r, &se, err)
		return
	}
	out := make([]datasetJSON, 0, len(ds))
	for _, d := range ds {
		out = append(out, newDatasetJSON(d))
	}
	writeJSON(w, http.StatusOK, out)
}

type datasetsData struct {
	Datasets []store.Dataset
	Problems []problemJSON
}

func (s *Server) datasetsPage(w http.ResponseWriter, r *http.Request, se store.Session) {
	s.renderDatasets(w, r, se, http.StatusOK, nil)
}

func (s *Server) renderDatasets(w http.ResponseWriter, r *http.Request, se store.Session, status int, probs []problemJSON) {
	ds, err := s.st.Datasets(r.Context())
	if err != nil {
		s.internal(w, r, &se, err)
		return
	}
	s.render(w, r, &se, status, "datasets", datasetsData{Datasets: ds, Problems: probs})
}

// standing is the text of the county's standing before rotation, as
// rotaplan check prints it.
func standing(in *model.Instance) string {
	ev := solver.NewEvaluator(in)
	rep := ev.Report(solver.NewPlan(len(in.Teachers)))
	var b bytes.Buffer
	document.WriteStanding(&b, ev, rep)
	return model.MaskIDNumbers(strings.TrimLeft(b.String(), "\n"))
}

type datasetData struct {
	Dataset  datasetJSON
	Plans    []store.Plan
	Threads  int
	Standing string
}

func (s *Server) datasetPage(w http.ResponseWriter, r *http.Request, se store.Session) {
	in, d, err := s.instance(r, idParam(r))
	if err != nil {
		s.storeError(w, r, &se, err)
		return
	}
	ps, err := s.st.Plans(r.Context())
	if err != nil {
		s.internal(w, r, &se, err)
		return
	}
	ps = slices.DeleteFunc(ps, func(p store.Plan) bool { return p.DatasetID != d.ID })
	s.render(w, r, &se, http.StatusOK, "dataset", datasetData{Dataset: newDatasetJSON(d), Plans: ps, Threads: s.cfg.MaxThreads, Standing: standing(in)})
}

func (s *Server) datasetAPI(w http.ResponseWriter, r *http.Request, se store.Session) {
	in, d, err := s.instance(r, idParam(r))
	if err != nil {
		s.storeError(w, r, &se, err)
		return
	}
	j := newDatasetJSON(d)
	j.Standing = standing(in)
	writeJSON(w, http.StatusOK, j)
}
