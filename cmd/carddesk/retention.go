package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

const retentionUsage = `Usage: carddesk retention COMMAND [FLAGS]

Commands:
  due   list the workers whose personal data falls due for anonymisation within --days (held ones marked)
  run   anonymise the personal data of every worker due today and not under a legal hold
        (serve also runs it once a day)
`

func cmdRetention(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
		fmt.Fprint(stdout, retentionUsage)
		if len(args) == 0 {
			return fmt.Errorf("retention: missing command")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("retention "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	days := fs.Int("days", 90, "how far ahead to look, in days")
	switch sub {
	case "due":
		fs.Usage = usage(fs, "carddesk retention due [--days N]", storeVars...)
	case "run":
		fs.Usage = usage(fs, "carddesk retention run", storeVars...)
	default:
		fmt.Fprint(stderr, retentionUsage)
		return fmt.Errorf("retention: unknown command %q", sub)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	return withStore(ctx, nil, func(st *store.Store) error {
		if sub == "run" {
			n, err := st.Retention.Anonymise(ctx, cliActor())
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%d worker record(s) anonymised\n", n)
			return nil
		}
		items, err := st.Retention.Due(ctx, cliActor(), *days)
		if err != nil {
			return err
		}
		for _, it := range items {
			held := ""
			if it.Held() {
				held = " (legal hold)"
			}
			fmt.Fprintf(stdout, "worker %d due %s%s\n", it.WorkerID, it.DueOn.Format(time.DateOnly), held)
		}
		fmt.Fprintf(stdout, "%d worker record(s) due within %d days\n", len(items), *days)
		return nil
	})
}

// retentionOnceADay runs the anonymisation from serve's housekeeping, at
// most once per calendar day of the Directorate (its zone counts the
// retention periods' days too).
func retentionOnceADay(ctx context.Context, st *store.Store, log *slog.Logger, last *time.Time) {
	day := models.CalendarDay(st.Now().In(st.Location()))
	if last.Equal(day) {
		return
	}
	n, err := st.Retention.Anonymise(ctx, models.System("housekeeping"))
	if err != nil {
		if ctx.Err() == nil {
			log.Warn("retention", "error", err.Error())
		}
		return
	}
	*last = day
	if n > 0 {
		log.Info("worker records anonymised", "count", n)
	}
}
