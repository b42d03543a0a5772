package main

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"

	"github.com/spf13/pflag"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
	"github.com/rotaplan/rotaplan/model"
)

// privacyFlags decide which personal data the outputs of a command carry.
// By default identity numbers never appear and names do.
type privacyFlags struct {
	// IncludeIDNumber adds the full identity number (身份证件号) to the
	// rotation list; without it no output carries identity numbers.
	IncludeIDNumber bool
	// Pseudonymize replaces teacher names with stable pseudonyms derived
	// from the teacher ID, for sharing drafts.
	Pseudonymize bool
}

func (p *privacyFlags) register(f *pflag.FlagSet) {
	f.BoolVar(&p.IncludeIDNumber, "include-id-number", false, "add the unmasked identity number (身份证件号) to the rotation list")
	f.BoolVar(&p.Pseudonymize, "pseudonymize", false, "replace teacher names with stable pseudonyms (教师-xxxxxxxx) in every output")
}

// view returns the instance the outputs are rendered from: a copy of in
// whose teachers carry no identity number unless it is included, and
// pseudonyms instead of names when asked (an identity number pasted into
// a name was masked at load). in itself is not changed, so the evaluator
// and the plan reader keep the real data.
func (p privacyFlags) view(in *model.Instance, lang string) *model.Instance {
	v := *in
	v.Teachers = slices.Clone(in.Teachers)
	for i := range v.Teachers {
		t := &v.Teachers[i]
		if !p.IncludeIDNumber {
			t.IDNumber = ""
		}
		if p.Pseudonymize {
			t.Name = pseudonym(t.ID, lang)
		}
	}
	return &v
}

// pseudonym is the stable stand-in for the name of the teacher with ID id:
// 教师- (teacher- in English) and the first 8 hex digits of the SHA-256 of
// the ID. Eight digits keep accidental collisions unlikely (about one in a
// hundred for 10,000 teachers); the ID is in the same row anyway, so the
// hash hides nothing the output does not show.
func pseudonym(id, lang string) string {
	sum := sha256.Sum256([]byte(id))
	return document.Tr(lang, "教师-", "teacher-") + hex.EncodeToString(sum[:4])
}
