package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// contracted generates, through the store, the contract of application
// appID at a salary above the seed scale's minimum: no application is
// submitted without one (models.CheckApplicationPay).
func contracted(t *testing.T, e *env, clerk models.Actor, appID int64) {
	t.Helper()
	terms := salaryscales.ContractTerms{
		Language: "en", SecondLanguage: "fr", GrossMonthly: 215000,
		Board:            salaryscales.BoardTerms{Breakfast: true, Midday: true, Evening: true, Lodging: true},
		EmployerFunction: "First Secretary", EmployerAddress: "Avenue Louise 231, 1050 Brussels",
		WorkerAddress: "Avenue Louise 231, 1050 Brussels", Workplace: "Avenue Louise 231, 1050 Brussels",
		Duties: "cleaning the residence, laundry, preparing family meals", Place: "Brussels",
		DaysPerWeek: 5, RestDays: []time.Weekday{time.Saturday, time.Sunday}, AnnualLeaveDays: 20,
		RepatriationTo: "Manila, Philippines",
	}
	if _, err := e.store.Contracts.Generate(context.Background(), clerk, appID, terms); err != nil {
		t.Fatalf("contract of application %d: %v", appID, err)
	}
}
