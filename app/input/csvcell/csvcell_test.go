package csvcell

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCell(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"Cleaning", "Cleaning"},
		{"2070.48", "2070.48"},
		{"=HYPERLINK(\"http://x.example\",\"click\")", "'=HYPERLINK(\"http://x.example\",\"click\")"},
		{"+32 2 501 81 11", "'+32 2 501 81 11"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"a=b", "a=b"},
		{"'", "'"},
		{"'text", "'text"},
		{"'=1+1", "''=1+1"}, // an apostrophe already there is kept through a round trip
		{"''-1", "'''-1"},
	} {
		if got := Cell(tt.in); got != tt.want {
			t.Errorf("Cell(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if back := Value(Cell(tt.in)); back != tt.in {
			t.Errorf("Value(Cell(%q)) = %q, want it back", tt.in, back)
		}
	}
}

func TestValueLeavesOtherCellsAlone(t *testing.T) {
	for _, s := range []string{"", "'", "'abc", "plain", "=raw formula in a hand-made file"} {
		if got := Value(s); got != s {
			t.Errorf("Value(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestWriterNeutralisesEveryCell(t *testing.T) {
	var buf bytes.Buffer
	if err := NewWriter(&buf).WriteAll([][]string{{"category", "=cmd|' /C calc'!A0", "@x"}, {"ok", "-1"}}); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(&buf)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs {
		for _, cell := range rec {
			if cell != "" && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@') {
				t.Errorf("cell %q starts with a formula character", cell)
			}
		}
	}
	if recs[0][1] != "'=cmd|' /C calc'!A0" {
		t.Errorf("got %q", recs[0][1])
	}
}

func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{"", "=1", "'=1", "''+", "plain", "\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Cell(s)
		if c != "" && bytes.IndexByte([]byte(formulaStart), c[0]) >= 0 {
			t.Fatalf("Cell(%q) = %q starts with a formula character", s, c)
		}
		if Value(c) != s {
			t.Fatalf("Value(Cell(%q)) = %q", s, Value(c))
		}
	})
}

// TestEveryCSVWriterNeutralises: no Carddesk code writes CSV with
// encoding/csv's writer directly; it goes through this package's Writer.
func TestEveryCSVWriterNeutralises(t *testing.T) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found at %s", root)
	}
	self, _ := filepath.Abs(".")
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (path == self || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte("csv.NewWriter(")) {
			rel, _ := filepath.Rel(root, path)
			t.Errorf("%s writes CSV with encoding/csv directly: use csvcell.NewWriter", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
