package main

import (
	"bytes"
	"encoding/base64"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app/sealed"
)

// TestNotesKey: a key from the environment or its file; generated once,
// 0600, for the embedded database; refused to be missing with PostgreSQL;
// earlier keys still open what they sealed.
func TestNotesKey(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	t.Setenv(envNotesKey.Name, "")
	t.Setenv(envNotesKey.Name+"_FILE", "")
	t.Setenv(envNotesOldKeys.Name, "")

	dir := t.TempDir()
	var logs bytes.Buffer
	first, err := notesSealer("", dir, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, notesKeyFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("generated key file: %v %v", info, err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, notesKeyFile))
	if !strings.Contains(logs.String(), "generated the notes key") || strings.Contains(logs.String(), strings.TrimSpace(string(b))) {
		t.Errorf("log: %s", logs.String())
	}
	again, err := notesSealer("", dir, quiet)
	if err != nil || again.CurrentKeyID() != first.CurrentKeyID() {
		t.Errorf("second start: %v %v", err, again)
	}

	if _, err := notesSealer("postgres://db/carddesk", dir, quiet); err == nil || !strings.Contains(err.Error(), envNotesKey.Name) {
		t.Errorf("PostgreSQL without a key: %v", err)
	}

	key := make([]byte, sealed.KeySize)
	for i := range key {
		key[i] = byte(i + 1)
	}
	t.Setenv(envNotesKey.Name, base64.StdEncoding.EncodeToString(key))
	fromEnv, err := notesSealer("postgres://db/carddesk", dir, quiet)
	if err != nil || fromEnv.CurrentKeyID() != sealed.DeriveKeyID(key) {
		t.Fatalf("key from the environment: %v", err)
	}
	note, err := fromEnv.Seal([]byte("a note"), []byte("interview_note:1"))
	if err != nil {
		t.Fatal(err)
	}

	// Rotation: a new key, the earlier one kept to open older notes.
	t.Setenv(envNotesKey.Name, "")
	file := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(file, []byte(strings.Repeat("ab", 32)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(envNotesKey.Name+"_FILE", file)
	t.Setenv(envNotesOldKeys.Name, base64.StdEncoding.EncodeToString(key))
	rotated, err := notesSealer("postgres://db/carddesk", dir, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := rotated.Open(note, []byte("interview_note:1")); err != nil || string(plain) != "a note" {
		t.Errorf("old note after rotation: %q %v", plain, err)
	}

	t.Setenv(envNotesOldKeys.Name, "not-a-key")
	if _, err := notesSealer("postgres://db/carddesk", dir, quiet); err == nil || strings.Contains(err.Error(), "not-a-key") {
		t.Errorf("a bad old key: %v", err)
	}
}
