package models

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestEmployerAlertsAgreeWithEachEmployer: the grouped EmployerAlerts
// raises exactly the alerts EmployerAlertFor raises employer by employer,
// on a mixed history with corrections (some moving an observation to
// another employer) and observations without an employer.
func TestEmployerAlertsAgreeWithEachEmployer(t *testing.T) {
	codes := []string{"coercion_at_destination.violence_on_victims", "exploitative_conditions.low_or_no_salary", ILOIsolation}
	answers := []IndicatorAnswer{IndicatorYes, IndicatorNo, IndicatorUnclear}
	r := rand.New(rand.NewPCG(14, 14))
	for round := range 50 {
		var obs []IndicatorObservation
		superseded := map[int64]bool{}
		for id := int64(1); id <= 60; id++ {
			ind, _ := LookupIndicator(codes[r.IntN(len(codes))])
			o := IndicatorObservation{ID: id, WorkerID: 100 + r.Int64N(8), EmployerID: obsIDPtr(1 + r.Int64N(6)), Taxonomy: ind.Taxonomy,
				IndicatorCode: ind.Code, Answer: answers[r.IntN(len(answers))], Grade: ind.Grade, Source: ObservationFromInterview,
				ObservedOn: obsDay1, RecordedByID: 9}
			if r.IntN(10) == 0 {
				o.EmployerID = nil
			}
			if of := 1 + r.Int64N(id); of < id && !superseded[of] && r.IntN(4) == 0 {
				o.SupersedesID, o.CorrectionReason = obsIDPtr(of), "corrected"
				superseded[of] = true
			}
			obs = append(obs, o)
		}
		var want []EmployerAlert
		for id := int64(1); id <= 6; id++ {
			if a := EmployerAlertFor(id, obs); a.Raised() {
				want = append(want, a)
			}
		}
		if got := EmployerAlerts(obs); !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: EmployerAlerts %+v\nwant %+v", round, got, want)
		}
	}
}
