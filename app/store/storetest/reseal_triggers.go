package storetest

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app/store"
)

// ApplyResealTriggers applies app/store/testdata/reseal_triggers.<engine>.sql,
// the trigger changes that let `carddesk notes reseal` rewrite sealed notes
// in the append-only tables.
//
// TEST SETUP ONLY, UNTIL THE SQL IS IN A MIGRATION: once a migration carries
// those files' Up sections, delete this function and its calls.
func ApplyResealTriggers(t testing.TB, s *store.Store) {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(here), "..", "testdata", "reseal_triggers."+s.Engine()+".sql")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range gooseUpStatements(string(b)) {
		if err := s.DB().Exec(stmt).Error; err != nil {
			t.Fatalf("reseal triggers: %v\n%s", err, stmt)
		}
	}
}

// gooseUpStatements splits the Up section of a goose SQL file into
// statements: a statement ends with a line ending in ";", except between
// StatementBegin and StatementEnd.
func gooseUpStatements(text string) []string {
	var out []string
	var cur strings.Builder
	up, block := false, false
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		switch strings.TrimSpace(line) {
		case "-- +goose Up":
			up = true
			continue
		case "-- +goose Down":
			return out
		case "-- +goose StatementBegin":
			block = true
			continue
		case "-- +goose StatementEnd":
			block = false
			out = append(out, cur.String())
			cur.Reset()
			continue
		}
		if !up || (!block && strings.HasPrefix(strings.TrimSpace(line), "--")) {
			continue
		}
		cur.WriteString(line + "\n")
		if !block && strings.HasSuffix(strings.TrimSpace(line), ";") {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	return out
}
