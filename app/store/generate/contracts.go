package generate

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/contracts"
	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// awaitingContracts draws up, through the store, the standard contract of
// each application awaiting its card (Options.Awaiting), as a generated
// clerk: no application is submitted without one, and issuing checks its
// pay against the scale again. It runs after the bulk writes, with the
// store's own rules and a real PDF each, so it is the slow part of a small
// generation (some milliseconds a contract).
func (g *gen) awaitingContracts(ctx context.Context, st *store.Store) error {
	if g.o.Awaiting == 0 {
		return nil
	}
	g.progress("contracts of the %d applications awaiting their card…", g.o.Awaiting)
	clerk, err := st.Users.Get(ctx, models.System("generate"), g.clerks[0])
	if err != nil {
		return err
	}
	actor := models.Actor{User: clerk, Via: "generate"}
	for i := range g.workers {
		w := &g.workers[i]
		if !w.awaiting {
			continue
		}
		terms := salaryscales.ContractTerms{
			Language: "fr", GrossMonthly: 260000,
			EmployerFunction: "Counsellor", EmployerAddress: "Avenue des Arts 12, 1000 Brussels",
			WorkerAddress: "Avenue des Arts 12, 1000 Brussels", Workplace: "Avenue des Arts 12, 1000 Brussels",
			Duties: "cleaning the residence, laundry and ironing", Place: "Brussels",
			DaysPerWeek: 5, RestDays: []time.Weekday{time.Saturday, time.Sunday}, AnnualLeaveDays: 20,
			RepatriationTo: "the worker's country of origin",
		}
		// Beside the French text, the translation the worker reads, as a
		// clerk would choose it; without one, the clerk confirms that the
		// contract is explained to the worker.
		if offer, fallback := models.ChooseLanguage(strings.Split(w.languages, ","), contracts.SecondLanguages()); offer != "" && !fallback && offer != "fr" {
			terms.SecondLanguage = offer
		} else {
			terms.LanguagesConfirmed = true
		}
		if _, err := st.Contracts.Generate(ctx, actor, w.apps[0].id, terms); err != nil {
			return fmt.Errorf("application %d: %w", w.apps[0].id, err)
		}
		g.rep.Contracts++
		g.tick("contracts %d/%d", g.rep.Contracts, g.o.Awaiting)
	}
	return nil
}
