package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
)

// TestGenerateCommand: `carddesk generate` at a tiny size on each engine
// migrates, generates with progress, refuses a second run, and leaves an
// audit trail that `carddesk audit verify` finds intact.
func TestGenerateCommand(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			t.Setenv("CARDDESK_DATA_DIR", t.TempDir())
			t.Setenv("DATABASE_URL", "")
			if engine == store.Postgres {
				t.Setenv("DATABASE_URL", storetest.NewPostgresDatabase(t))
			}
			cmd := func(args ...string) (string, error) {
				var out bytes.Buffer
				err := run(context.Background(), args, strings.NewReader(""), &out, &out)
				return out.String(), err
			}
			if out, err := cmd("generate", "--scale", "2000"); err == nil || !strings.Contains(err.Error(), "--password is required") {
				t.Errorf("without a password: %v\n%s", err, out)
			}
			out, err := cmd("generate", "--scale", "2000", "--now", "2026-11-30", "--password", "generated password 1")
			if err != nil {
				t.Fatalf("generate: %v\n%s", err, out)
			}
			for _, want := range []string{"workers…", "audit trail…", "50 workers, 150 applications", "500 indicator observations, 5000 audit rows", "clerk1@generated.example"} {
				if !strings.Contains(out, want) {
					t.Errorf("generate output lacks %q:\n%s", want, out)
				}
			}
			if out, err := cmd("generate", "--scale", "2000", "--password", "generated password 1"); err == nil || !strings.Contains(err.Error(), "empty") {
				t.Errorf("second generate: %v\n%s", err, out)
			}
			out, err = cmd("audit", "verify")
			if err != nil || !strings.Contains(out, "chain intact") {
				t.Fatalf("audit verify: %v\n%s", err, out)
			}
		})
	}
}
