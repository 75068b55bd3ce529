package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// A card number is unique for life: once a number is printed on a card, no
// other card may carry it. The numbers come from card_number_seq, and a
// restored database only knows the numbers drawn before its backup was
// taken; cards printed afterwards would be numbered again. So after any
// restore the sequence is advanced past every number the database knows of
// (its cards, its audit trail, the sequence itself) and past a floor the
// operator gives from outside (the card register, the last card printed).

// CardSequenceReport says where the card sequence stood and where it stands.
type CardSequenceReport struct {
	// Drawn is the last sequence number the sequence had handed out before.
	Drawn int64
	// HighestCard is the largest sequence of a card row.
	HighestCard int64
	// HighestAudited is the largest sequence named in the audit trail
	// ("card S… issued").
	HighestAudited int64
	// Floor is the operator's floor (zero if none was given).
	Floor int64
	// After is the last number drawn now: the next card gets After+1.
	After int64
}

// Advanced reports whether the sequence moved.
func (r CardSequenceReport) Advanced() bool { return r.After > r.Drawn }

// Known is the largest card sequence the database knows of, floor aside.
func (r CardSequenceReport) Known() int64 {
	return max(r.Drawn, r.HighestCard, r.HighestAudited)
}

// auditedCardNumber finds card numbers in audit summaries; the check digits
// (models.ValidateCardNumber) reject anything that only looks like one.
var auditedCardNumber = regexp.MustCompile(`\bS[0-9]{11}\b`)

// cardHighWater reads the card sequence's position, the largest card
// sequence and the largest one named in the audit trail, inside tx.
func (s *Store) cardHighWater(tx *gorm.DB) (CardSequenceReport, error) {
	var r CardSequenceReport
	var err error
	if r.Drawn, err = s.cardSequenceDrawn(tx); err != nil {
		return r, err
	}
	if err := tx.Raw("SELECT COALESCE(MAX(sequence), 0) FROM cards").Scan(&r.HighestCard).Error; err != nil {
		return r, fmt.Errorf("highest card sequence: %w", err)
	}
	rows, err := tx.Raw("SELECT summary FROM audit_events WHERE summary LIKE ?", "%card S%").Rows()
	if err != nil {
		return r, fmt.Errorf("card numbers in the audit trail: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var summary string
		if err := rows.Scan(&summary); err != nil {
			return r, fmt.Errorf("card numbers in the audit trail: %w", err)
		}
		for _, number := range auditedCardNumber.FindAllString(summary, -1) {
			if seq, err := models.ValidateCardNumber(number); err == nil {
				r.HighestAudited = max(r.HighestAudited, seq)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return r, fmt.Errorf("card numbers in the audit trail: %w", err)
	}
	return r, nil
}

// cardSequenceDrawn is the last number the card sequence handed out (0 if
// none).
func (s *Store) cardSequenceDrawn(tx *gorm.DB) (int64, error) {
	if s.engine == Postgres {
		var row struct {
			LastValue int64
			IsCalled  bool
		}
		if err := tx.Raw("SELECT last_value, is_called FROM card_number_seq").Scan(&row).Error; err != nil {
			return 0, fmt.Errorf("read card_number_seq: %w", err)
		}
		if !row.IsCalled {
			return row.LastValue - 1, nil
		}
		return row.LastValue, nil
	}
	// AUTOINCREMENT keeps the largest id ever handed out in sqlite_sequence,
	// even after a delete; MAX(id) covers a table that sqlite_sequence does
	// not list yet.
	var drawn int64
	err := tx.Raw(`SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'card_number_seq'), 0),
		COALESCE((SELECT MAX(id) FROM card_number_seq), 0))`).Scan(&drawn).Error
	if err != nil {
		return 0, fmt.Errorf("read card_number_seq: %w", err)
	}
	return drawn, nil
}

// ErrInvalidCardFloor refuses a floor outside the range of card numbers.
var ErrInvalidCardFloor = errors.New("card floor out of range")

// AdvanceCardSequence moves the card sequence past every card number this
// database knows of and past floor (the last sequence number issued
// according to a record kept outside this database; 0 for none), so that no
// number is ever issued twice. It never moves the sequence back, and it is
// safe while servers issue cards: on PostgreSQL it holds the sequence's lock
// (nextval waits), on SQLite the write lock. It is an operator's action: the
// actor is the command line or the system.
func (s *Store) AdvanceCardSequence(ctx context.Context, actor models.Actor, floor int64) (CardSequenceReport, error) {
	var r CardSequenceReport
	if err := requireOperator(actor); err != nil {
		return r, err
	}
	if floor < 0 || floor >= models.MaxCardSequence {
		return r, fmt.Errorf("%w: %d is not between 0 and %d", ErrInvalidCardFloor, floor, models.MaxCardSequence-1)
	}
	err := s.transact(ctx, func(tx *gorm.DB) error {
		if s.engine == Postgres {
			// A no-op ALTER SEQUENCE takes the sequence's lock until commit:
			// nextval in other sessions waits, so the value read below
			// cannot move before setval.
			if err := tx.Exec("ALTER SEQUENCE card_number_seq NO CYCLE").Error; err != nil {
				return fmt.Errorf("lock card_number_seq: %w", err)
			}
		}
		var err error
		if r, err = s.cardHighWater(tx); err != nil {
			return err
		}
		r.Floor = floor
		target := max(r.Known(), floor)
		r.After = r.Drawn
		if target <= r.Drawn {
			return nil
		}
		if s.engine == Postgres {
			err = tx.Exec("SELECT setval('card_number_seq', ?, true)", target).Error
		} else {
			// The row stands for the numbers skipped; AUTOINCREMENT then
			// continues after it.
			err = tx.Exec("INSERT INTO card_number_seq (id, at) VALUES (?, ?)", target, s.now()).Error
		}
		if err != nil {
			return fmt.Errorf("advance card_number_seq to %d: %w", target, err)
		}
		r.After = target
		return s.audit(tx, actor, "card.sequence_advanced", "card_number_seq", strconv.FormatInt(target, 10),
			fmt.Sprintf("card sequence advanced from %d to %d (highest card %d, highest in the audit trail %d, floor %d)",
				r.Drawn, target, r.HighestCard, r.HighestAudited, floor))
	})
	if err != nil {
		return CardSequenceReport{}, fmt.Errorf("advance card sequence: %w", err)
	}
	return r, nil
}

// CardSequence reports the card sequence's position and the largest card
// numbers the database knows of, changing nothing.
func (s *Store) CardSequence(ctx context.Context) (CardSequenceReport, error) {
	var r CardSequenceReport
	err := s.transact(ctx, func(tx *gorm.DB) error {
		var err error
		r, err = s.cardHighWater(tx)
		r.After = r.Drawn
		return err
	})
	return r, err
}
