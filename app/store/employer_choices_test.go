package store_test

import (
	"context"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestEmployerChoices: a page of employers in name order with whether more
// exist, narrowed by name or mission, with the chosen one always offered.
func TestEmployerChoices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s) // Santos, of the Embassy of the Philippines
		other := models.Mission{Name: "Embassy of Norway", Kind: models.MissionEmbassy, CountryCode: "NO"}
		must(t, s.Missions.Create(ctx, w.clerk, &other))
		for _, n := range []string{"Berg", "Dahl", "Lund"} {
			e := models.Employer{MissionID: other.ID, FamilyName: n, GivenNames: "Kari", Title: "Counsellor", EntitledToPrivateServant: true}
			must(t, s.Employers.Create(ctx, w.clerk, &e))
		}
		names := func(list []store.EmployerView) (out []string) {
			for _, e := range list {
				out = append(out, e.FamilyName+"/"+e.Mission.Name)
			}
			return out
		}
		for _, c := range []struct {
			q       string
			include int64
			limit   int
			want    []string
			more    bool
		}{
			{"", 0, 2, []string{"Berg/Embassy of Norway", "Dahl/Embassy of Norway"}, true},
			{"", 0, 10, []string{"Berg/Embassy of Norway", "Dahl/Embassy of Norway", "Lund/Embassy of Norway", "Santos/Embassy of the Philippines"}, false},
			{"norway lun", 0, 10, []string{"Lund/Embassy of Norway"}, false},
			{"philipp", 0, 10, []string{"Santos/Embassy of the Philippines"}, false},
			{"", w.employer.ID, 1, []string{"Santos/Embassy of the Philippines", "Berg/Embassy of Norway"}, true},
			{"nobody", 0, 10, nil, false},
		} {
			got, more, err := s.Employers.Choices(ctx, w.clerk, c.q, c.include, c.limit)
			must(t, err)
			if g := names(got); len(g) != len(c.want) || more != c.more || (len(g) > 0 && g[0] != c.want[0]) || (len(g) > 1 && g[len(g)-1] != c.want[len(c.want)-1]) {
				t.Errorf("%q include %d limit %d: %v more %v, want %v more %v", c.q, c.include, c.limit, g, more, c.want, c.more)
			}
		}
		if _, _, err := s.Employers.Choices(ctx, models.Actor{}, "", 0, 10); err == nil {
			t.Error("choices without worker.read")
		}
	})
}
