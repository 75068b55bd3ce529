package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestFilterChoicesInOrder: the applications list's filter choices, read in
// one query, are the first MaxEmployerChoices employers in name order (and
// whether more exist), every mission and every interviewer in name order,
// as three queries of their own read them.
func TestFilterChoicesInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		var missions []models.Mission
		for _, n := range []string{"Embassy of Peru", "Consulate of Chile", "Embassy of Angola"} {
			m := models.Mission{Name: n, Kind: models.MissionEmbassy, CountryCode: "PE"}
			must(t, s.Missions.Create(ctx, w.clerk, &m))
			missions = append(missions, m)
		}
		for i := range store.MaxEmployerChoices + 1 {
			// Names out of their order, some shared.
			e := models.Employer{MissionID: missions[i%3].ID, FamilyName: fmt.Sprintf("F%03d", (i*37)%150), GivenNames: fmt.Sprintf("G%d", i%4),
				Title: "Counsellor", EntitledToPrivateServant: true}
			must(t, s.Employers.Create(ctx, w.clerk, &e))
		}
		for _, n := range []string{"Zoë Interviewer", "Ana Interviewer"} {
			_, _, err := s.Users.Create(ctx, system, models.NewUser{Email: n[:3] + "@example.be", Name: n, Roles: []models.Role{models.RoleInterviewer}}, "a long enough password")
			must(t, err)
		}
		got, err := s.Queues.Choices(ctx, w.clerk)
		must(t, err)

		var want store.FilterChoices
		db := s.DB()
		must(t, db.Raw(`SELECT e.id, trim(e.title || ' ' || e.given_names || ' ' || e.family_name) || ' — ' || m.name AS name
			FROM employers e JOIN missions m ON m.id = e.mission_id ORDER BY e.family_name, e.given_names, e.id LIMIT ?`, store.MaxEmployerChoices).Scan(&want.Employers).Error)
		must(t, db.Raw(`SELECT id, name FROM missions ORDER BY name, id`).Scan(&want.Missions).Error)
		must(t, db.Raw(`SELECT u.id, u.name FROM users u WHERE EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'interviewer')
			ORDER BY u.name, u.id`).Scan(&want.Interviewers).Error)
		want.EmployersMore = true
		if len(want.Employers) != store.MaxEmployerChoices || len(want.Missions) != 4 || len(want.Interviewers) != 3 {
			t.Fatalf("the data: %d employers, %d missions, %d interviewers", len(want.Employers), len(want.Missions), len(want.Interviewers))
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("choices\n%+v\nwant\n%+v", *got, want)
		}
		if _, err := s.Queues.Choices(ctx, models.Actor{}); err == nil {
			t.Error("choices without application.read")
		}
	})
}
