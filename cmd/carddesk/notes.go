package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/carddesk/carddesk/app/sealed"
	"github.com/carddesk/carddesk/app/store"
)

// notesVars are the variables of the notes key and the summons letter.
var notesVars = []envVar{envNotesKey, envNotesOldKeys, envSummonsAddress, envSummonsContact}

// notesKeyFile is where a key generated for the embedded database is kept.
const notesKeyFile = "notes.key"

// notesSealer builds the sealer of the interviewer's notes from
// CARDDESK_NOTES_KEY (or its _FILE) and CARDDESK_NOTES_OLD_KEYS. Without a
// key, the embedded database gets one generated into its data directory
// (mode 0600) at first run; PostgreSQL refuses to start, because a key kept
// beside the database, or in it, would let a dump alone reveal the notes.
func notesSealer(databaseURL, dataDir string, log *slog.Logger) (*sealed.Sealer, error) {
	text, err := lookup(envNotesKey)
	if err != nil {
		return nil, err
	}
	source := envNotesKey.Name
	if text == "" {
		if databaseURL != "" {
			return nil, errors.New(envNotesKey.Name + " (or " + envNotesKey.Name + "_FILE) is required with PostgreSQL: " +
				"generate one with `openssl rand -hex 32`, keep it apart from the database and its backups")
		}
		path := filepath.Join(dataDir, notesKeyFile)
		if text, err = readOrCreateKey(path, log); err != nil {
			return nil, err
		}
		source = path
	}
	key, err := sealed.ParseKey(text)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	var old [][]byte
	oldText, err := lookup(envNotesOldKeys)
	if err != nil {
		return nil, err
	}
	for i, part := range strings.Split(oldText, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		k, err := sealed.ParseKey(part)
		if err != nil {
			return nil, fmt.Errorf("%s, key %d: %w", envNotesOldKeys.Name, i+1, err)
		}
		old = append(old, k)
	}
	s, err := sealed.New(key, old...)
	if err != nil {
		return nil, err
	}
	log.Info("notes key loaded", "key_id", s.CurrentKeyID().String(), "old_keys", len(old), "from", source)
	return s, nil
}

// readOrCreateKey reads the key file at path, or creates it with a fresh
// random key. The key is never logged, only where it is.
func readOrCreateKey(path string, log *slog.Logger) (string, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		return string(b), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("notes key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("notes key: %w", err)
	}
	key := make([]byte, sealed.KeySize)
	if _, err := rand.Read(key); err != nil {
		return "", fmt.Errorf("notes key: %w", err)
	}
	text := hex.EncodeToString(key)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("notes key: %w", err)
	}
	if _, err := f.WriteString(text + "\n"); err != nil {
		f.Close()
		return "", fmt.Errorf("notes key: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("notes key: %w", err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "carddesk.db")); err == nil {
		log.Error("generated a new notes key for an existing database: notes sealed with an earlier key cannot be opened; restore the earlier notes.key if it exists",
			"path", path)
	} else {
		log.Warn("generated the notes key at first run: back it up apart from the database, or set "+envNotesKey.Name+"_FILE", "path", path)
	}
	return text, nil
}

// notesOptions fills the store options of the interview: the sealer and the
// summons letter's address and contact.
func notesOptions(o *store.Options, log *slog.Logger) error {
	var err error
	if o.Sealer, err = notesSealer(o.DatabaseURL, o.DataDir, log); err != nil {
		return err
	}
	if o.Summons.Address, err = lookup(envSummonsAddress); err != nil {
		return err
	}
	o.Summons.Contact, err = lookup(envSummonsContact)
	return err
}
