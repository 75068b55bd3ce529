package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// The embedded database's backup and restore; PostgreSQL uses pg_dump and
// pg_restore, then `carddesk cards advance-sequence` (README, "Backup and
// restore").

const pgBackupHint = "with PostgreSQL, back up with `pg_dump -Fc -f carddesk.dump \"$DATABASE_URL\"` " +
	"and restore with `pg_restore --no-owner -d \"$DATABASE_URL\" carddesk.dump`, then run `carddesk cards advance-sequence` (see the README)"

func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	to := fs.String("to", "", "file to write the backup to; it must not exist (required)")
	fs.Usage = usage(fs, "carddesk backup --to FILE   (embedded database; safe while the server runs)", storeVars...)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		fs.Usage()
		return errors.New("backup: --to is required")
	}
	if url, err := lookup(envDatabaseURL); err != nil || url != "" {
		return fmt.Errorf("backup: %s", pgBackupHint)
	}
	return withStore(ctx, nil, func(st *store.Store) error {
		rep, err := st.Backup(ctx, *to)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "backup written to %s in %s: %d bytes, sha256 %s\n", rep.Path, rep.Duration.Round(1e6), rep.Bytes, rep.SHA256)
		printSummary(stdout, rep.DatabaseSummary)
		fmt.Fprintln(stdout, "The notes key is not in the backup: keep it apart from the backup, never in the same place.")
		if dir, err := lookup(envDataDir); err == nil {
			if keyDir, err := filepath.Abs(dir); err == nil && keyDir == filepath.Dir(rep.Path) {
				if _, err := os.Stat(filepath.Join(keyDir, notesKeyFile)); err == nil {
					fmt.Fprintf(stderr, "warning: the backup is next to the notes key (%s): move the backup elsewhere\n", filepath.Join(keyDir, notesKeyFile))
				}
			}
		}
		return nil
	})
}

func cmdRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "backup file written by `carddesk backup` (required)")
	var floor cardFloorFlag
	fs.Var(&floor, "card-floor", "the last card issued according to a record outside the database (the card register, the last card printed): "+
		"its number (S…) or sequence; new cards are numbered after it")
	fs.Usage = usage(fs, "carddesk restore --from FILE [--card-floor N]   (embedded database; stop the server first)", storeVars...)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" {
		fs.Usage()
		return errors.New("restore: --from is required")
	}
	if url, err := lookup(envDatabaseURL); err != nil || url != "" {
		return fmt.Errorf("restore: %s", pgBackupHint)
	}
	dir, err := lookup(envDataDir)
	if err != nil {
		return err
	}
	rep, err := store.Restore(ctx, store.RestoreOptions{From: *from, DataDir: dir, CardFloor: int64(floor), Actor: cliActor()})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s into %s\n", rep.From, filepath.Join(dir, store.SQLiteFile))
	printSummary(stdout, rep.Restored)
	c := rep.Restored.Cards
	switch {
	case rep.ReplacedUnreadable != "":
		fmt.Fprintf(stdout, "the replaced database could not be read (%s): its card numbers were not counted\n", rep.ReplacedUnreadable)
	case rep.ReplacedCards > 0:
		fmt.Fprintf(stdout, "the replaced database knew card sequences up to %d\n", rep.ReplacedCards)
	}
	if c.After > c.Drawn {
		fmt.Fprintf(stdout, "card sequence advanced from %d to %d: the next card is %s\n", c.Drawn, c.After, nextCardNumber(c.After))
	} else {
		fmt.Fprintf(stdout, "card sequence at %d: the next card is %s\n", c.After, nextCardNumber(c.After))
	}
	for _, f := range rep.KeptAside {
		fmt.Fprintf(stdout, "the replaced database is kept as %s: delete it once the restore is confirmed (it holds personal data)\n", f)
	}
	fmt.Fprintln(stdout, "Start the server again (it applies pending migrations). The notes key of the backup's time must be configured to read its notes.")
	return nil
}

// printSummary prints what a database file holds.
func printSummary(w io.Writer, s store.DatabaseSummary) {
	names := make([]string, 0, len(s.Rows))
	for t := range s.Rows {
		names = append(names, t)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, t := range names {
		parts[i] = fmt.Sprintf("%s %d", t, s.Rows[t])
	}
	fmt.Fprintf(w, "schema version %d; %s\n", s.SchemaVersion, strings.Join(parts, ", "))
	fmt.Fprintf(w, "card numbers known up to sequence %d (cards %d, audit trail %d, sequence %d)\n",
		max(s.Cards.Known(), s.Cards.After), s.Cards.HighestCard, s.Cards.HighestAudited, s.Cards.After)
	keys := map[string]int64{}
	for _, k := range s.NoteKeys {
		keys[k.KeyID] += k.Count
	}
	if len(keys) == 0 {
		fmt.Fprintln(w, "no sealed notes")
		return
	}
	ids := make([]string, 0, len(keys))
	for k, n := range keys {
		ids = append(ids, fmt.Sprintf("%s (%d)", k, n))
	}
	sort.Strings(ids)
	fmt.Fprintf(w, "sealed notes by key id: %s\n", strings.Join(ids, ", "))
}

// nextCardNumber formats the number the next card gets.
func nextCardNumber(drawn int64) string {
	n, err := models.FormatCardNumber(drawn + 1)
	if err != nil {
		return "(none: " + err.Error() + ")"
	}
	return n
}

// cardFloorFlag reads a card floor as a card number (S…, check digits
// verified) or as a sequence.
type cardFloorFlag int64

func (f *cardFloorFlag) String() string { return strconv.FormatInt(int64(*f), 10) }

func (f *cardFloorFlag) Set(s string) error {
	s = models.NormalizeCardNumber(s)
	if strings.HasPrefix(s, models.CardType) {
		seq, err := models.ValidateCardNumber(s)
		if err != nil {
			return fmt.Errorf("%q is not a valid card number (S and 11 digits, check digits included)", s)
		}
		*f = cardFloorFlag(seq)
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n >= models.MaxCardSequence {
		return fmt.Errorf("want a card number S… or a sequence from 0 to %d, got %q", models.MaxCardSequence-1, s)
	}
	*f = cardFloorFlag(n)
	return nil
}
