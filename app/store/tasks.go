package store

import (
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// tasks computes the application page's task list (models.Tasks). Where
// submission is offered, it first runs the checks Submit would run
// (eligibility, a renewal's contract against the scale in force), reading
// only, so that a submission bound to be refused is not offered and its
// reasons are shown instead.
func (s *Applications) tasks(db *gorm.DB, actor models.Actor, v *ApplicationView) ([]models.Task, error) {
	if v.Offer.Submit {
		refusal, err := s.submitRefusal(db, v.Application)
		if err != nil {
			return nil, err
		}
		v.Offer.SubmitRefusal = refusal
	}
	var contracts int64
	if err := db.Table("contracts").Where("application_id = ?", v.ID).Count(&contracts).Error; err != nil {
		return nil, fmt.Errorf("contracts of application %d: %w", v.ID, err)
	}
	var booked int64
	for _, iv := range v.Interviews {
		if iv.Current && iv.Scheduled() {
			booked = iv.ID
		}
	}
	return models.Tasks(models.TaskInput{Application: v.Application, Reader: actor, Offer: v.Offer, Missing: v.Missing,
		HasContract: contracts > 0, BookedInterviewID: booked}), nil
}

// submitRefusal is the domain's refusal of submitting app now, nil when it
// would pass.
func (s *Applications) submitRefusal(db *gorm.DB, app models.Application) (*models.Error, error) {
	now := s.now()
	in, err := s.eligibilityInput(db, app, now)
	if err != nil {
		return nil, err
	}
	in.Application, in.SubmitOn = app, now.In(s.opts.Location)
	check := models.CheckEligibility(in, s.opts.Settings)
	if check == nil {
		check = s.checkContractPay(db, app, now)
	}
	var refusal *models.Error
	switch {
	case check == nil:
		return nil, nil
	case errors.As(check, &refusal):
		return refusal, nil
	}
	return nil, check
}
