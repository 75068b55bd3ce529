package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app/store"
)

// TestAuditVerify: `carddesk audit verify` reports an intact chain with its
// head, holds that head as an anchor later, and names the row an owner
// edited behind the triggers' back (exit status 1).
func TestAuditVerify(t *testing.T) {
	dir := t.TempDir()
	if out, err := cli(t, dir, "", "audit", "verify"); err == nil || !strings.Contains(err.Error(), "carddesk migrate") {
		t.Errorf("verify before migrate: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"migrate"}, {"user", "add", "--email", "a@example.be", "--name", "A", "--role", "admin", "--generate"},
		{"user", "add", "--email", "b@example.be", "--name", "B", "--role", "clerk", "--generate"}} {
		if out, err := cli(t, dir, "", args...); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	// Three rows: the migration's (the release's translations taken as
	// versions) and the two accounts.
	out, err := cli(t, dir, "", "audit", "verify")
	if err != nil || !strings.Contains(out, "3 rows, chain intact") {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	head := regexp.MustCompile(`head (\d+:[0-9a-f]{64})`).FindStringSubmatch(out)
	if head == nil {
		t.Fatalf("no head in:\n%s", out)
	}
	if out, err := cli(t, dir, "", "user", "add", "--email", "c@example.be", "--name", "C", "--role", "clerk", "--generate"); err != nil {
		t.Fatal(err, out)
	}
	if out, err := cli(t, dir, "", "audit", "verify", "--expect-head", head[1]); err != nil || !strings.Contains(out, "4 rows, chain intact") {
		t.Errorf("verify with an earlier head: %v\n%s", err, out)
	}
	if out, err := cli(t, dir, "", "audit", "verify", "--expect-head", "1:abc"); err == nil || !strings.Contains(out, "ROW_ID:SHA256_HEX") {
		t.Errorf("malformed anchor: %v\n%s", err, out)
	}

	// An owner of the database file edits the third row behind the trigger.
	st, err := store.Open(context.Background(), store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DROP TRIGGER audit_events_no_update",
		"UPDATE audit_events SET summary = 'nothing happened' WHERE id = 3",
		"CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only (UPDATE refused)'); END"} {
		if err := st.DB().Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	out, err = cli(t, dir, "", "audit", "verify")
	if err == nil || !strings.Contains(out, "audit chain BROKEN at row 3: row 3 no longer matches its hash") || !strings.Contains(out, "2 rows before it verified") {
		t.Errorf("verify after an edit: %v\n%s", err, out)
	}
}
