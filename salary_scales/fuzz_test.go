package salaryscales

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/carddesk/carddesk/models"
)

// FuzzImportCSV: whatever an admin uploads, ImportCSV never panics and
// answers either a draft or a validation error under the field "file", each
// line's problem naming its line; a draft it accepts exports and imports
// back to itself. Seeds in testdata/fuzz/FuzzImportCSV; run in CI for 10 s
// (.ci/fuzz-targets); longer:
// go test ./salary_scales -run '^$' -fuzz '^FuzzImportCSV$' -fuzztime 5m
func FuzzImportCSV(f *testing.F) {
	f.Add([]byte(goodCSV))
	f.Add([]byte(strings.ReplaceAll(goodCSV, ",", ";")))
	var seed bytes.Buffer
	if err := ExportCSV(&seed, Seed()); err != nil {
		f.Fatal(err)
	}
	f.Add(seed.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := ImportCSV(bytes.NewReader(data))
		if err != nil {
			var ve *models.Error
			if !errors.As(err, &ve) || ve.Kind != models.KindInvalid || len(ve.Fields) == 0 {
				t.Fatalf("not a validation error: %v", err)
			}
			for _, fe := range ve.Fields {
				if fe.Code == "csv_line" && !strings.HasPrefix(fe.Message, "line {{.line}}: ") {
					t.Errorf("a line's problem without its line: %q", fe.Message)
				}
			}
			return
		}
		if v.Status != StatusDraft || v.ID != 0 {
			t.Fatalf("imported as %s %d", v.Status, v.ID)
		}
		// What is accepted can be stored: valid UTF-8, no NUL or control
		// character (PostgreSQL refuses invalid UTF-8 and NUL with a 500).
		texts := []string{v.SourceNote}
		for _, c := range v.Categories {
			texts = append(texts, c.Code, c.Label)
		}
		for _, s := range texts {
			if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }) {
				t.Fatalf("accepted a text that cannot be stored: %q", s)
			}
		}
		var out bytes.Buffer
		if err := ExportCSV(&out, v); err != nil {
			t.Fatalf("export of an imported draft: %v", err)
		}
		back, err := ImportCSV(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("the export of an imported draft does not import: %v\n%s", err, out.String())
		}
		if !reflect.DeepEqual(back, v) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", back, v)
		}
	})
}
