package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/carddesk/carddesk/app/store"
)

const cardsUsage = `Usage: carddesk cards COMMAND [FLAGS]

Commands:
  advance-sequence  move the card number sequence past every number the database knows and past --floor
                    (run it after every restore, pg_restore included)
  sequence          show where the card number sequence stands
`

func cmdCards(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
		fmt.Fprint(stdout, cardsUsage)
		if len(args) == 0 {
			return fmt.Errorf("cards: missing command")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("cards "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var floor cardFloorFlag
	switch sub {
	case "advance-sequence":
		fs.Var(&floor, "floor", "the last card issued according to a record outside the database (the card register, the last card printed): "+
			"its number (S…) or sequence; new cards are numbered after it")
		fs.Usage = usage(fs, "carddesk cards advance-sequence [--floor N]", storeVars...)
	case "sequence":
		fs.Usage = usage(fs, "carddesk cards sequence", storeVars...)
	default:
		fmt.Fprint(stderr, cardsUsage)
		return fmt.Errorf("cards: unknown command %q", sub)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	return withStore(ctx, nil, func(st *store.Store) error {
		if sub == "sequence" {
			r, err := st.CardSequence(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "card sequence at %d (highest card %d, highest in the audit trail %d): the next card is %s\n",
				r.Drawn, r.HighestCard, r.HighestAudited, nextCardNumber(r.Drawn))
			if r.Known() > r.Drawn {
				fmt.Fprintln(stdout, "warning: the database knows card numbers past the sequence: run `carddesk cards advance-sequence`")
			}
			return nil
		}
		r, err := st.AdvanceCardSequence(ctx, cliActor(), int64(floor))
		if err != nil {
			return err
		}
		if r.Advanced() {
			fmt.Fprintf(stdout, "card sequence advanced from %d to %d (highest card %d, highest in the audit trail %d, floor %d): the next card is %s\n",
				r.Drawn, r.After, r.HighestCard, r.HighestAudited, r.Floor, nextCardNumber(r.After))
		} else {
			fmt.Fprintf(stdout, "card sequence already at %d, past every known number and the floor %d: the next card is %s\n",
				r.After, r.Floor, nextCardNumber(r.After))
		}
		return nil
	})
}
