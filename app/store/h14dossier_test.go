package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestDossierInOneQuery: Workers.Dossier reads in one query what Get and
// Employments.OfWorker read in two, for a worker with two employments and
// one with none; an unknown worker is not found and a caller without the
// permission is refused, without a query.
func TestDossierInOneQuery(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		second := models.Employer{MissionID: w.mission.ID, FamilyName: "Cruz", GivenNames: "Jose", EntitledToPrivateServant: true}
		must(t, s.Employers.Create(ctx, w.clerk, &second))
		later := models.Employment{WorkerID: w.worker.ID, EmployerID: second.ID, StartsOn: date(2026, 6, 1),
			JobCategory: models.JobChildcare, WeeklyHours: 20}
		must(t, s.Employments.Create(ctx, w.clerk, &later))
		alone := newWorker("Bautista", "Liza", "P7654321")
		must(t, s.Workers.Create(ctx, w.clerk, &alone))

		reads := countReads(t, s)
		for _, id := range []int64{w.worker.ID, alone.ID} {
			reads.Store(0)
			d, err := s.Workers.Dossier(ctx, w.clerk, id)
			if err != nil {
				t.Fatal(err)
			}
			if n := reads.Load(); n != 1 {
				t.Errorf("worker %d: dossier in %d queries, want 1", id, n)
			}
			worker, err := s.Workers.Get(ctx, w.clerk, id)
			must(t, err)
			jobs, err := s.Employments.OfWorker(ctx, w.clerk, id)
			must(t, err)
			if jobs == nil {
				jobs = []store.EmploymentView{}
			}
			if !reflect.DeepEqual(d.Worker, *worker) || !reflect.DeepEqual(d.Employments, jobs) {
				t.Errorf("worker %d: dossier %+v\nwant %+v with %+v", id, d, worker, jobs)
			}
		}
		d, err := s.Workers.Dossier(ctx, w.clerk, w.worker.ID)
		must(t, err)
		if len(d.Employments) != 2 || d.Employments[0].ID != later.ID || d.Employments[1].ID != w.employment.ID ||
			d.Employments[0].Employer.FamilyName != "Cruz" || d.Employments[1].Employer.Mission.Name != "Embassy of the Philippines" {
			t.Errorf("employments, newest first with employer and mission: %+v", d.Employments)
		}
		if d, err := s.Workers.Dossier(ctx, w.clerk, 1<<40); models.ErrorKind(err) != models.KindNotFound || d != nil {
			t.Errorf("unknown worker: %+v, %v", d, err)
		}
		reads.Store(0)
		if d, err := s.Workers.Dossier(ctx, models.Actor{}, w.worker.ID); models.ErrorKind(err) == "" || d != nil {
			t.Errorf("no user: %+v, %v", d, err)
		}
		if n := reads.Load(); n != 0 {
			t.Errorf("a refused dossier read sent %d queries", n)
		}
	})
}
