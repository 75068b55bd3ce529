package main

import (
	"context"
	"testing"

	"github.com/carddesk/carddesk/app/demo"
	"github.com/carddesk/carddesk/app/password"
	"github.com/carddesk/carddesk/app/store"
)

// TestNotesSealFieldsInClear: on a database whose interview fields were
// written in clear (before migration 00013), `notes status` names them and
// `notes reseal` seals them under the current key.
func TestNotesSealFieldsInClear(t *testing.T) {
	dir := t.TempDir()
	key := newHexKey(t)
	st, err := store.Open(context.Background(), store.Options{DataDir: dir, Sealer: sealerOf(t, key), Password: password.Fast})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	// As a database owner could, the way the rows were before: the
	// interpreter's name in clear (the triggers dropped, then restored).
	db := st.DB()
	var triggers []struct{ Name, SQL string }
	if err := db.Raw("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'interviews'").Scan(&triggers).Error; err != nil {
		t.Fatal(err)
	}
	for _, tr := range triggers {
		if err := db.Exec("DROP TRIGGER " + tr.Name).Error; err != nil {
			t.Fatal(err)
		}
	}
	res := db.Exec("UPDATE interviews SET interpreter_name = 'Interpreting service of the FPS Justice' WHERE interpreter_name <> ''")
	if res.Error != nil || res.RowsAffected == 0 {
		t.Fatalf("no interpreter name to put in clear: %v", res.Error)
	}
	for _, tr := range triggers {
		if err := db.Exec(tr.SQL).Error; err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	id := sealerOf(t, key).CurrentKeyID().String()
	t.Setenv(envNotesKey.Name, key)
	runSteps(t, dir, []cliStep{
		{args: []string{"notes", "status"}, want: []string{"interviews.interpreter_name", "in clear, to seal", "run `carddesk notes reseal`"}},
		{args: []string{"notes", "reseal"}, want: []string{"interviews.interpreter_name", "every note is under key id " + id}},
		{args: []string{"notes", "status"}, want: []string{"every note is under the current key " + id}},
	})
}
