package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// draftRow is an interviewer's draft of an interview record (00017).
type draftRow struct {
	ID          int64
	InterviewID int64
	AuthorID    int64
	Content     []byte
	UpdatedAt   time.Time
}

func (draftRow) TableName() string { return "interview_drafts" }

// SaveDraft keeps what the interviewer has typed of an interview's record
// so far, sealed like the notes, as that interviewer's draft (replacing
// the earlier one); it returns when it was saved. A draft is refused once
// the interview is recorded or cancelled.
func (s *Interviews) SaveDraft(ctx context.Context, actor models.Actor, interviewID int64, values url.Values) (time.Time, error) {
	if err := actor.Require(models.PermInterviewRecord); err != nil {
		return time.Time{}, err
	}
	now := s.now()
	err := s.transact(ctx, func(tx *gorm.DB) error {
		iv, err := s.interview(tx, interviewID)
		if err != nil {
			return err
		}
		var cancelled int64
		if err := tx.Table("interviews").Where("id = ? AND cancelled_at IS NOT NULL", interviewID).Count(&cancelled).Error; err != nil {
			return fmt.Errorf("draft of interview %d: %w", interviewID, err)
		}
		if err := models.CanDraftRecord(*iv, cancelled > 0); err != nil {
			return err
		}
		sealed, err := s.seal(values.Encode(), models.InterviewDraftAAD(interviewID, actor.UserID()))
		if errors.Is(err, errNoSealer) {
			return models.Fail(models.KindConflict, "no_notes_key", "No notes key is configured: a draft cannot be kept.")
		}
		if err != nil {
			return fmt.Errorf("seal draft of interview %d: %w", interviewID, err)
		}
		if sealed == nil { // an empty form: nothing to keep
			return s.dropDraft(tx, interviewID, actor.UserID())
		}
		var row draftRow
		err = tx.Where("interview_id = ? AND author_id = ?", interviewID, actor.UserID()).First(&row).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			row = draftRow{InterviewID: interviewID, AuthorID: actor.UserID(), Content: sealed, UpdatedAt: now}
			if err := tx.Create(&row).Error; err != nil {
				return fmt.Errorf("draft of interview %d: %w", interviewID, err)
			}
		case err != nil:
			return fmt.Errorf("draft of interview %d: %w", interviewID, err)
		default:
			if err := tx.Model(&row).Updates(map[string]any{"content": sealed, "updated_at": now}).Error; err != nil {
				return fmt.Errorf("draft of interview %d: %w", interviewID, err)
			}
		}
		return s.audit(tx, actor, "interview.draft_saved", "interview", idText(interviewID), "draft of the record saved")
	})
	return now, err
}

// Draft returns the reader's own draft of an interview's record and when it
// was saved; nil values when there is none (or it cannot be opened). Opening
// it is written to the audit trail: it holds what the worker said.
func (s *Interviews) Draft(ctx context.Context, actor models.Actor, interviewID int64) (url.Values, *time.Time, error) {
	if err := actor.Require(models.PermInterviewRecord); err != nil {
		return nil, nil, err
	}
	var values url.Values
	var at *time.Time
	err := s.transact(ctx, func(tx *gorm.DB) error {
		var rows []draftRow
		if err := tx.Where("interview_id = ? AND author_id = ?", interviewID, actor.UserID()).Find(&rows).Error; err != nil {
			return fmt.Errorf("draft of interview %d: %w", interviewID, err)
		}
		if len(rows) == 0 {
			return nil
		}
		n := s.open(rows[0].Content, models.InterviewDraftAAD(interviewID, actor.UserID()))
		if n.Unreadable {
			return nil
		}
		v, err := url.ParseQuery(n.Text)
		if err != nil {
			return nil
		}
		values, at = v, &rows[0].UpdatedAt
		return s.audit(tx, actor, "interview.draft_opened", "interview", idText(interviewID), "draft of the record opened")
	})
	return values, at, err
}

func (s *core) dropDraft(tx *gorm.DB, interviewID, authorID int64) error {
	if err := tx.Where("interview_id = ? AND author_id = ?", interviewID, authorID).Delete(&draftRow{}).Error; err != nil {
		return fmt.Errorf("drop draft of interview %d: %w", interviewID, err)
	}
	return nil
}

// dropDrafts removes every draft of an interview's record: the record
// written replaces them.
func (s *core) dropDrafts(tx *gorm.DB, interviewID int64) error {
	if err := tx.Where("interview_id = ?", interviewID).Delete(&draftRow{}).Error; err != nil {
		return fmt.Errorf("drop drafts of interview %d: %w", interviewID, err)
	}
	return nil
}
