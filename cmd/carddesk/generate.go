package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/generate"
)

// cmdGenerate fills an empty database with generated records for
// benchmarks and load tests (issue 14): migrate, then generate.
func cmdGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	full := generate.Full()
	o := full
	var scale int
	var now string
	fs.Uint64Var(&o.Seed, "seed", full.Seed, "random seed: the same seed and sizes give the same records")
	fs.IntVar(&o.Workers, "workers", full.Workers, "workers (names in many scripts), each with an employment")
	fs.IntVar(&o.Applications, "applications", full.Applications, "applications over the years, with their interviews and cards (at least one per worker)")
	fs.IntVar(&o.Observations, "observations", full.Observations, "indicator observations")
	fs.IntVar(&o.AuditRows, "audit-rows", full.AuditRows, "audit trail rows (hash-chained)")
	fs.IntVar(&o.Awaiting, "awaiting", full.Awaiting, "workers registered in the last weeks whose first application awaits its card (approved after a cleared private interview, with its contract): what the load test issues")
	fs.IntVar(&o.Years, "years", full.Years, "years of history, ending today")
	fs.IntVar(&scale, "scale", 1, "divide every size by this (10 gives a tenth of the data)")
	fs.StringVar(&now, "now", "", "the day the history ends, YYYY-MM-DD (default today; fix it for reproducible data)")
	fs.StringVar(&o.Password, "password", "", "the password of the generated staff accounts (clerk1@generated.example...; required)")
	fs.Usage = usage(fs, "carddesk generate --password PASSWORD [--scale N] [--seed N] [sizes]", storeVars...)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.Password == "" {
		fs.Usage()
		return errors.New("generate: --password is required")
	}
	if now != "" {
		t, err := time.Parse(time.DateOnly, now)
		if err != nil {
			return fmt.Errorf("generate: --now: %w", err)
		}
		o.Now = t.Add(12 * time.Hour)
	}
	o = o.Scaled(scale)
	o.Progress = stdout
	return withStore(ctx, nil, func(st *store.Store) error {
		if _, err := st.Migrate(ctx); err != nil {
			return err
		}
		o.DatabaseURL, _ = lookup(envDatabaseURL)
		rep, err := generate.Run(ctx, st, o)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "generated in %s: %d staff, %d missions, %d employers, %d workers, %d applications (%d events), %d interviews, %d cards, %d indicator observations, %d audit rows, %d contracts awaiting a card\n",
			rep.Elapsed.Round(time.Second), rep.Staff, rep.Missions, rep.Employers, rep.Workers, rep.Applications, rep.Events,
			rep.Interviews, rep.Cards, rep.Observations, rep.AuditRows, rep.Contracts)
		fmt.Fprintf(stdout, "staff accounts: %s ... %s (the password given)\n", rep.StaffEmails[0], rep.StaffEmails[len(rep.StaffEmails)-1])
		return nil
	})
}
