package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/carddesk/carddesk/app/store"
)

const notesUsage = `Usage: carddesk notes COMMAND [FLAGS]

Commands:
  reseal   re-seal every note under the current notes key (after a key rotation); resumable
  status   count the sealed notes by key id (when only the current key's id is left, drop the old keys)
`

func cmdNotes(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
		fmt.Fprint(stdout, notesUsage)
		if len(args) == 0 {
			return fmt.Errorf("notes: missing command")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("notes "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	vars := append(append([]envVar{}, storeVars...), envNotesKey, envNotesOldKeys)
	batch := 0
	switch sub {
	case "reseal":
		fs.IntVar(&batch, "batch", 100, "notes per transaction; an interrupted run loses at most one batch, and a re-run continues")
		fs.Usage = usage(fs, "carddesk notes reseal [--batch N]", vars...)
	case "status":
		fs.Usage = usage(fs, "carddesk notes status", vars...)
	default:
		fmt.Fprint(stderr, notesUsage)
		return fmt.Errorf("notes: unknown command %q", sub)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if batch < 0 {
		return errors.New("notes reseal: --batch must be positive")
	}
	log, err := newLogger(stderr)
	if err != nil {
		return err
	}
	var current string
	st, err := openStore(ctx, func(o *store.Options) error {
		if err := notesOptions(o, log); err != nil {
			return err
		}
		if rs, ok := o.Sealer.(store.Resealer); ok {
			current = rs.CurrentKeyID().String()
		}
		return nil
	})
	if err != nil {
		return err
	}
	defer st.Close()
	if sub == "status" {
		return notesStatus(ctx, st, current, stdout)
	}
	fmt.Fprintf(stdout, "re-sealing notes under key id %s\n", current)
	last := map[string]time.Time{}
	rep, err := st.ResealNotes(ctx, cliActor(), store.ResealOptions{BatchSize: batch, Progress: func(p store.ResealProgress) {
		if !p.Done && time.Since(last[p.Column]) < time.Second {
			return
		}
		last[p.Column] = time.Now()
		state := ""
		if p.Done {
			state = " done"
		}
		fmt.Fprintf(stdout, "  %-40s %d/%d re-sealed, %d failed%s\n", p.Column, p.Resealed, p.Total, p.Failed, state)
	}})
	for _, f := range rep.Failures {
		fmt.Fprintf(stdout, "  could not open %s id %d: %v\n", f.Column, f.ID, f.Err)
	}
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stdout, "interrupted after %d notes: run `carddesk notes reseal` again to continue\n", rep.Resealed())
		return err
	case errors.Is(err, store.ErrResealIncomplete):
		fmt.Fprintf(stdout, "%d notes re-sealed; %d could not be opened: their key is missing from %s, or they were altered. Keep the old keys.\n",
			rep.Resealed(), len(rep.Failures), envNotesOldKeys.Name)
		return err
	case err != nil:
		return err
	}
	fmt.Fprintf(stdout, "%d notes re-sealed; every note is under key id %s: the old keys can be removed from %s\n",
		rep.Resealed(), current, envNotesOldKeys.Name)
	return nil
}

// notesStatus prints the sealed notes by column and key id.
func notesStatus(ctx context.Context, st *store.Store, current string, w io.Writer) error {
	counts, err := st.NoteKeyCounts(ctx)
	if err != nil {
		return err
	}
	stale := int64(0)
	for _, c := range counts {
		switch {
		case c.KeyID == current:
			fmt.Fprintf(w, "%-40s key id %s (current key): %d\n", c.Column, c.KeyID, c.Count)
		case c.KeyID == store.NotSealed:
			// written before the field was sealed (migration 00013)
			stale += c.Count
			fmt.Fprintf(w, "%-40s in clear, to seal: %d\n", c.Column, c.Count)
		default:
			stale += c.Count
			fmt.Fprintf(w, "%-40s key id %s: %d\n", c.Column, c.KeyID, c.Count)
		}
	}
	if stale > 0 {
		fmt.Fprintf(w, "%d notes are not under the current key %s (or not sealed yet): run `carddesk notes reseal`, keep the old keys until it reports none left\n", stale, current)
	} else {
		fmt.Fprintf(w, "every note is under the current key %s\n", current)
	}
	return nil
}
