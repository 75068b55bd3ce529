package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app/demo"
	"github.com/carddesk/carddesk/app/password"
	"github.com/carddesk/carddesk/app/sealed"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

type cliStep struct {
	args    []string
	wantErr bool
	want    []string
}

func runSteps(t *testing.T, dir string, steps []cliStep) {
	t.Helper()
	for _, s := range steps {
		out, err := cli(t, dir, "", s.args...)
		if (err != nil) != s.wantErr {
			t.Errorf("%v: err %v, want error %v\n%s", s.args, err, s.wantErr, out)
		}
		if err != nil {
			out += err.Error()
		}
		for _, w := range s.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", s.args, w, out)
			}
		}
	}
}

func cardNumber(t *testing.T, seq int64) string {
	n, err := models.FormatCardNumber(seq)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBackupRestoreCommands: backup, restore with a card floor given as a
// card number, the card sequence commands, their --help, and the refusals.
func TestBackupRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	backup := filepath.Join(t.TempDir(), "carddesk-2026-03-02.db")
	runSteps(t, dir, []cliStep{
		{args: []string{"backup", "--help"}, wantErr: true, want: []string{"-to", "CARDDESK_DATA_DIR"}},
		{args: []string{"restore", "--help"}, wantErr: true, want: []string{"-from", "-card-floor", "CARDDESK_DATA_DIR"}},
		{args: []string{"cards", "advance-sequence", "--help"}, wantErr: true, want: []string{"-floor", "DATABASE_URL"}},
		{args: []string{"cards", "sequence", "--help"}, wantErr: true, want: []string{"carddesk cards sequence"}},
		{args: []string{"cards"}, wantErr: true, want: []string{"advance-sequence"}},
		{args: []string{"migrate"}, want: []string{"schema at version"}},
		{args: []string{"backup"}, wantErr: true, want: []string{"--to is required"}},
		{args: []string{"cards", "sequence"}, want: []string{"card sequence at 0", "the next card is " + cardNumber(t, 1)}},
		{args: []string{"backup", "--to", backup}, want: []string{"backup written to " + backup, "schema version", "not in the backup"}},
		{args: []string{"backup", "--to", backup}, wantErr: true, want: []string{"exists"}},
		{args: []string{"restore", "--from", backup, "--card-floor", "S000000041XX"}, wantErr: true, want: []string{"not a valid card number"}},
		{args: []string{"restore", "--from", backup, "--card-floor", cardNumber(t, 41)}, want: []string{
			"restored " + backup, "advanced from 0 to 41", "the next card is " + cardNumber(t, 42), "kept as", "before-restore"}},
		{args: []string{"cards", "advance-sequence", "--floor", "100"}, want: []string{"advanced from 41 to 100", cardNumber(t, 101)}},
		{args: []string{"cards", "advance-sequence", "--floor", "50"}, want: []string{"already at 100"}},
		{args: []string{"restore"}, wantErr: true, want: []string{"--from is required"}},
	})

	// Refused while a server (here a store) holds the database.
	st, err := store.Open(context.Background(), store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	runSteps(t, dir, []cliStep{{args: []string{"restore", "--from", backup}, wantErr: true, want: []string{"in use", "stop `carddesk serve`"}}})
	st.Close()

	// PostgreSQL: pointed at pg_dump and pg_restore.
	t.Setenv("CARDDESK_DATA_DIR", dir)
	t.Setenv("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
	for _, cmd := range []string{"backup --to x.db", "restore --from x.db"} {
		var out bytes.Buffer
		err := run(context.Background(), strings.Fields(cmd), strings.NewReader(""), &out, &out)
		if err == nil || !strings.Contains(err.Error(), "pg_dump -Fc") || !strings.Contains(err.Error(), "advance-sequence") {
			t.Errorf("%s with PostgreSQL: %v", cmd, err)
		}
	}
}

// TestNotesRotationCommands: notes sealed with key A (the demo data); with
// B current and A old, `notes status` shows what is left, `notes reseal`
// moves everything under B; a key that opens nothing is reported, not
// silently skipped.
func TestNotesRotationCommands(t *testing.T) {
	dir := t.TempDir()
	keyA, keyB := newHexKey(t), newHexKey(t)
	sealerA := sealerOf(t, keyA)
	st, err := store.Open(context.Background(), store.Options{DataDir: dir, Sealer: sealerA, Password: password.Fast})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	st.Close()
	idA, idB := sealerA.CurrentKeyID().String(), sealerOf(t, keyB).CurrentKeyID().String()

	t.Setenv(envNotesKey.Name, keyB)
	t.Setenv(envNotesOldKeys.Name, keyA)
	runSteps(t, dir, []cliStep{
		{args: []string{"notes", "reseal", "--help"}, wantErr: true, want: []string{"-batch", "CARDDESK_NOTES_KEY", "CARDDESK_NOTES_OLD_KEYS"}},
		{args: []string{"notes", "status", "--help"}, wantErr: true, want: []string{"carddesk notes status"}},
		{args: []string{"notes"}, wantErr: true, want: []string{"reseal", "status"}},
		{args: []string{"notes", "status"}, want: []string{"interviews.notes", "key id " + idA, "not under the current key " + idB}},
		{args: []string{"notes", "reseal", "--batch", "3"}, want: []string{"re-sealing notes under key id " + idB,
			"interviews.notes", "done", "every note is under key id " + idB}},
		{args: []string{"notes", "reseal"}, want: []string{"0 notes re-sealed"}},
	})
	t.Setenv(envNotesOldKeys.Name, "")
	runSteps(t, dir, []cliStep{{args: []string{"notes", "status"}, want: []string{"every note is under the current key " + idB}}})
	t.Setenv(envNotesKey.Name, newHexKey(t))
	runSteps(t, dir, []cliStep{{args: []string{"notes", "reseal"}, wantErr: true, want: []string{"could not open", "Keep the old keys"}}})
}

func newHexKey(t *testing.T) string {
	k := make([]byte, sealed.KeySize)
	rand.Read(k)
	return hex.EncodeToString(k)
}

func sealerOf(t *testing.T, hexKey string) *sealed.Sealer {
	k, err := sealed.ParseKey(hexKey)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sealed.New(k)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
