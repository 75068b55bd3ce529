package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestReferralFollowUp: steps per partner, several partners for one worker,
// the partner's reference sealed in the database, the order of steps
// enforced, a reminder after the set time without news, interviewers and
// admins reading, clerks not.
func TestReferralFollowUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		day := models.CalendarDay(w.now)
		rec := func(p models.ReferralPartner, st models.FollowUpStatus, on time.Time, ref string) error {
			_, err := s.FollowUps.Record(ctx, w.interviewer, models.FollowUp{WorkerID: w.worker.ID, Partner: p, Status: st, On: on, PartnerReference: ref})
			return err
		}
		must(t, rec(models.PartnerPagAsa, models.FollowUpSent, day.AddDate(0, 0, -40), "PA-2026-0042"))
		must(t, rec(models.PartnerPolice, models.FollowUpSent, day.AddDate(0, 0, -2), ""))
		if err := rec(models.PartnerPayoke, models.FollowUpAcknowledged, day, ""); models.ErrorKind(err) != models.KindInvalid {
			t.Errorf("acknowledged before sent: %v", err)
		}
		if _, err := s.FollowUps.Record(ctx, w.clerk, models.FollowUp{WorkerID: w.worker.ID, Partner: models.PartnerPagAsa, Status: models.FollowUpClosed, On: day}); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk recording: %v", err)
		}
		var stored string
		must(t, s.DB().Raw("SELECT partner_reference FROM referral_followups WHERE partner = 'pag_asa'").Row().Scan(&stored))
		if strings.Contains(stored, "PA-2026") {
			t.Errorf("the partner's reference is stored in clear: %q", stored)
		}
		due, err := s.FollowUps.Due(ctx, w.admin)
		must(t, err)
		if len(due) != 1 || due[0].Partner != models.PartnerPagAsa {
			t.Errorf("due %+v", due)
		}
		counts := countsOf(t, s, w.interviewer)
		if counts[models.QueueReferralsDue] != 1 {
			t.Errorf("interviewer's referrals queue: %v", counts)
		}
		must(t, rec(models.PartnerPagAsa, models.FollowUpVictimGranted, day.AddDate(0, 0, -1), "PA-2026-0042"))
		if due, _ := s.FollowUps.Due(ctx, w.admin); len(due) != 0 {
			t.Errorf("due after news: %+v", due)
		}
		lines, err := s.FollowUps.OfWorker(ctx, w.admin, w.worker.ID)
		must(t, err)
		if len(lines) != 2 || lines[0].Partner != models.PartnerPagAsa || len(lines[0].Steps) != 2 || lines[0].Steps[0].PartnerReference != "PA-2026-0042" {
			t.Errorf("lines %+v", lines)
		}
		if _, err := s.FollowUps.OfWorker(ctx, w.clerk, w.worker.ID); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk reading: %v", err)
		}
		if err := s.DB().Exec("UPDATE referral_followups SET status = 'closed'").Error; err == nil {
			t.Error("a follow-up step was rewritten")
		}
	})
}
