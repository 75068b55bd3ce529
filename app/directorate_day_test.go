package app_test

import (
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store/storetest"
)

// TestTheDayIsBrusselsOverHTTP: at 23:30 UTC on 1 December it is 00:30 on
// 2 December in Brussels, and the forms and the API count in Brussels days:
// a signal received on the 2nd is not in the future, an earlier service
// ending on the 2nd is still running, and one that ended on the 1st is
// past. (Before the store took its days in Brussels, all three were
// answered the other way round in that hour.)
func TestTheDayIsBrusselsOverHTTP(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			at, start := time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC), time.Now()
			e.store.Now = func() time.Time { return at.Add(time.Since(start)) }
			f := apiFile{mission: "Embassy of Kenya", employerFamily: "Otieno", workerFamily: "Wanjiru", workerGiven: "Grace", passport: "AK7654321"}
			s := newAPIScenario(e)
			s.run(t, f.register())
			runChanges(t, s, []apiStep{
				{name: "a signal of tomorrow in Brussels", role: "interviewer", method: "POST", path: "/api/v1/workers/{worker}/signals",
					body: map[string]any{"source": "police", "received_on": "2026-12-03", "indicators": []string{"isolation"}},
					want: 422, fields: map[string]string{"received_on": "in_future"}},
				{name: "a signal of today in Brussels", role: "interviewer", method: "POST", path: "/api/v1/workers/{worker}/signals",
					body: map[string]any{"source": "police", "received_on": "2026-12-02", "indicators": []string{"isolation"}}, want: 201},
				{name: "a service still running in Brussels", role: "clerk", method: "POST", path: "/api/v1/workers/{worker}/earlier-service",
					body: map[string]any{"served_from": "2016-10-01", "served_until": "2026-12-02", "evidence": "register"},
					want: 422, fields: map[string]string{"served_until": "not_past"}},
				{name: "a service that ended yesterday in Brussels", role: "clerk", method: "POST", path: "/api/v1/workers/{worker}/earlier-service",
					body: map[string]any{"served_from": "2016-10-01", "served_until": "2026-12-01", "evidence": "register"}, want: 201},
			})
		})
	}
}
