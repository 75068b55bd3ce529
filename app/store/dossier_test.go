package store_test

import (
	"context"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestDossierInTwoQueries: the worker's dossier (GET /api/v1/workers/{id})
// is the worker and its employments with their employers and missions, read
// in two queries whatever the number of employments.
func TestDossierInTwoQueries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		second := models.Employer{MissionID: w.mission.ID, FamilyName: "Cruz", GivenNames: "Jose", EntitledToPrivateServant: true}
		must(t, s.Employers.Create(ctx, w.clerk, &second))
		later := models.Employment{WorkerID: w.worker.ID, EmployerID: second.ID, StartsOn: date(2026, 6, 1),
			JobCategory: models.JobChildcare, WeeklyHours: 20}
		must(t, s.Employments.Create(ctx, w.clerk, &later))

		reads := countReads(t, s)
		worker, err := s.Workers.Get(ctx, w.clerk, w.worker.ID)
		if err != nil {
			t.Fatal(err)
		}
		jobs, err := s.Employments.OfWorker(ctx, w.clerk, w.worker.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n := reads.Load(); n != 2 {
			t.Errorf("dossier in %d queries, want 2", n)
		}
		if worker.FamilyName != "Reyes" || len(jobs) != 2 {
			t.Fatalf("dossier: %+v with %d employments", worker, len(jobs))
		}
		// Newest first, each with its employer and mission.
		if jobs[0].ID != later.ID || jobs[0].Employer.FamilyName != "Cruz" || jobs[0].WeeklyHours != 20 ||
			jobs[1].ID != w.employment.ID || jobs[1].Employer.ID != w.employment.EmployerID || !jobs[1].LiveIn {
			t.Errorf("employments: %+v", jobs)
		}
		for _, j := range jobs {
			if j.Employer.Mission.Name != "Embassy of the Philippines" || j.Employer.Mission.ID != w.mission.ID || j.Employer.MissionID != w.mission.ID {
				t.Errorf("employment %d: mission %+v", j.ID, j.Employer.Mission)
			}
		}
	})
}
