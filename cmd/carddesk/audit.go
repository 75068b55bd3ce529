package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/carddesk/carddesk/app/store"
)

const auditUsage = `Usage: carddesk audit COMMAND [FLAGS]

Commands:
  verify  walk the audit trail's hash chain and report the first broken link
`

// anchorsFlag collects --expect-head values.
type anchorsFlag []store.AuditAnchor

func (a *anchorsFlag) String() string { return fmt.Sprint(*a) }
func (a *anchorsFlag) Set(s string) error {
	anchor, err := store.ParseAuditAnchor(s)
	if err != nil {
		return err
	}
	*a = append(*a, anchor)
	return nil
}

// cmdAudit checks the audit trail. Verification reads only: an operator can
// run it against a live database, or a restored backup.
func cmdAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
		fmt.Fprint(stdout, auditUsage)
		if len(args) == 0 {
			return fmt.Errorf("audit: missing command")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	if sub != "verify" {
		fmt.Fprint(stderr, auditUsage)
		return fmt.Errorf("audit: unknown command %q", sub)
	}
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var anchors anchorsFlag
	fs.Var(&anchors, "expect-head", "ROW_ID:HASH, a head printed by an earlier verify and kept outside the database: "+
		"the chain must still hold that row with that hash (repeat for several)")
	fs.Usage = usage(fs, "carddesk audit verify [--expect-head ROW_ID:HASH]...", storeVars...)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return withStore(ctx, nil, func(st *store.Store) error {
		if err := st.Ready(ctx); err != nil {
			return fmt.Errorf("audit verify: %w (run carddesk migrate first)", err)
		}
		rep, err := st.Audit.VerifyChain(ctx, cliActor(), anchors...)
		if err != nil {
			return err
		}
		if b := rep.Broken; b != nil {
			fmt.Fprintf(stdout, "audit chain BROKEN at row %d: %s\n", b.RowID, b.Problem)
			fmt.Fprintf(stdout, "%d %s before it verified\n", rep.Rows, plural(rep.Rows, "row", "rows"))
			return fmt.Errorf("audit chain broken at row %d", b.RowID)
		}
		fmt.Fprintf(stdout, "%d %s, chain intact\n", rep.Rows, plural(rep.Rows, "row", "rows"))
		fmt.Fprintf(stdout, "head %d:%s (keep it outside the database; check it later with --expect-head)\n", rep.HeadID, rep.HeadHash)
		if len(anchors) > 0 {
			var held []string
			for _, a := range anchors {
				held = append(held, fmt.Sprint(a.RowID))
			}
			fmt.Fprintf(stdout, "anchors held: row %s\n", strings.Join(held, ", row "))
		}
		return nil
	})
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
