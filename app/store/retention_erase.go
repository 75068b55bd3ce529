package store

import (
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// eraseContent erases, inside the anonymisation's transaction and after
// worker_anonymisations records it, what the worker said and what was
// written about or for them beyond their own row: sealed interview notes and
// the interview's short sealed fields (its clearance reason too), drafts, answers' notes, the referral's
// contact and reference, observations' and signals' notes and source details,
// the reasons in the application's history and its cap exception, the
// contracts' and letters' PDFs (and the contract's worker address, home town
// and foreign social security), referral follow-up references, the reason
// of a cancelled interview, the second admin's reason on a clearance, the
// reason a document was taken out of a file, the reason of a card's status
// and the note of its return or destruction, the source and withdrawal
// reason of a period of earlier service, a lifted legal hold's reasons, and the
// numbers and names in the summaries of the audit rows about the worker, a
// card or an application of theirs. Migrations 00024, 00028 and 00035 let only these changes
// through, and only for an anonymised worker. What the statistics read
// (dates, outcomes, indicator codes, partners, actions) is left as it is.
//
// secrets are the values to take out of audit summaries: the worker's names
// and passport number, the cards' numbers and identity document numbers,
// read before they are erased.
func (s *Retention) eraseContent(tx *gorm.DB, workerID int64, secrets []string) error {
	e := models.ErasedText
	apps := "SELECT id FROM applications WHERE worker_id = ?"
	ivs := "SELECT i.id FROM interviews i JOIN applications a ON a.id = i.application_id WHERE a.worker_id = ?"
	keep := func(col string) string { return "CASE WHEN " + col + " = '' THEN '' ELSE ? END" }
	steps := []struct {
		what string
		sql  string
		args []any
	}{
		{"interview drafts", "DELETE FROM interview_drafts WHERE interview_id IN (" + ivs + ")", []any{workerID}},
		{"interviews", "UPDATE interviews SET notes = NULL, interpreter_name = " + keep("interpreter_name") +
			", correction_reason = " + keep("correction_reason") + ", clearance_reason = " + keep("clearance_reason") + ", cancel_reason = " + keep("cancel_reason") +
			" WHERE application_id IN (" + apps + ")", []any{e, e, e, e, workerID}},
		{"clearance confirmations", "UPDATE clearance_confirmations SET reason = ? WHERE application_id IN (" + apps + ")", []any{e, workerID}},
		{"checklist answers", "UPDATE interview_checklist_answers SET note = NULL WHERE note IS NOT NULL AND interview_id IN (" + ivs + ")", []any{workerID}},
		{"indicator answers", "UPDATE interview_indicator_answers SET note = NULL WHERE note IS NOT NULL AND interview_id IN (" + ivs + ")", []any{workerID}},
		{"referrals", "UPDATE referrals SET contact = ?, reference = " + keep("reference") + " WHERE worker_id = ?", []any{e, e, workerID}},
		{"referral follow-ups", "UPDATE referral_followups SET partner_reference = " + keep("partner_reference") + " WHERE worker_id = ?", []any{e, workerID}},
		{"signals", "UPDATE signals SET note = NULL, source_detail = " + keep("source_detail") + " WHERE worker_id = ?", []any{e, workerID}},
		{"observations", "UPDATE indicator_observations SET note = NULL, correction_reason = " + keep("correction_reason") + " WHERE worker_id = ?", []any{e, workerID}},
		{"application history", "UPDATE application_events SET reason = " + keep("reason") + " WHERE reason <> '' AND application_id IN (" + apps + ")", []any{e, workerID}},
		{"cap exceptions", "UPDATE applications SET cap_exception_reason = ? WHERE cap_exception_reason <> '' AND worker_id = ?", []any{e, workerID}},
		{"contracts", "UPDATE contracts SET pdf = ?, worker_address = ?, repatriation_to = ?, foreign_social_security = " + keep("foreign_social_security") +
			" WHERE application_id IN (" + apps + ")", []any{[]byte{}, e, e, e, workerID}},
		{"letters", "UPDATE letters SET pdf = ? WHERE application_id IN (" + apps + ")", []any{[]byte{}, workerID}},
		{"document removals", "UPDATE document_removals SET reason = ? WHERE application_id IN (" + apps + ")", []any{e, workerID}},
		{"card statuses", "UPDATE cards SET status_reason = ? WHERE status_reason <> '' AND worker_id = ?", []any{e, workerID}},
		{"card ends", "UPDATE card_ends SET note = ? WHERE note <> '' AND card_id IN (SELECT id FROM cards WHERE worker_id = ?)", []any{e, workerID}},
		// Free text that can name the person (migration 00035): a period's
		// source and withdrawal reason, a lifted hold's reasons. A hold not
		// lifted keeps its reason (it stops the clock: its worker is not
		// anonymised while it runs).
		{"earlier service", "UPDATE earlier_service SET source = ?, withdrawal_reason = " + keep("withdrawal_reason") + " WHERE worker_id = ?", []any{e, e, workerID}},
		{"legal holds", "UPDATE legal_holds SET reason = ?, lift_reason = " + keep("lift_reason") + " WHERE lifted_at IS NOT NULL AND worker_id = ?", []any{e, e, workerID}},
	}
	for _, st := range steps {
		if err := tx.Exec(st.sql, st.args...).Error; err != nil {
			return fmt.Errorf("erase %s: %w", st.what, err)
		}
	}
	return s.eraseAuditSummaries(tx, workerID, secrets)
}

// eraseAuditSummaries takes the secrets out of the summaries of the audit
// rows about the worker, their cards and applications. Each erased row's
// hash over its new content, chained to its original hash, is recorded first
// (audit_summary_erasures): the chain check verifies the row with it, and the
// database allows the new summary only when it matches.
func (s *Retention) eraseAuditSummaries(tx *gorm.DB, workerID int64, secrets []string) error {
	var clean []string
	for _, v := range secrets {
		if v = strings.TrimSpace(v); len(v) >= 3 && v != models.AnonymisedName && !slices.Contains(clean, v) {
			clean = append(clean, v)
		}
	}
	if len(clean) == 0 {
		return nil
	}
	// Longer first, so a name is not cut by a shorter one inside it.
	slices.SortFunc(clean, func(a, b string) int { return len(b) - len(a) })
	var rows []auditRow
	w := idText(workerID)
	// Three lookups in audit_events_record, one per kind of record: written
	// as one WHERE with OR, PostgreSQL read the whole trail for each
	// worker anonymised (60 ms at 216,000 rows, seconds at ten million).
	err := tx.Raw("SELECT * FROM audit_events WHERE record_type = 'worker' AND record_id = ?"+
		" UNION ALL SELECT * FROM audit_events WHERE record_type = 'card' AND record_id IN (SELECT CAST(id AS text) FROM cards WHERE worker_id = ?)"+
		" UNION ALL SELECT * FROM audit_events WHERE record_type = 'application' AND record_id IN (SELECT CAST(id AS text) FROM applications WHERE worker_id = ?)"+
		" ORDER BY id", w, workerID, workerID).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("erase audit summaries: %w", err)
	}
	for _, r := range rows {
		summary := models.EraseFromText(r.Summary, clean)
		if summary == r.Summary {
			continue
		}
		erased := r
		erased.Summary = summary
		if err := tx.Exec("INSERT INTO audit_summary_erasures (audit_event_id, erased_hash, erased_at) VALUES (?, ?, ?)",
			r.ID, erased.erasedHash(), s.now()).Error; err != nil {
			return fmt.Errorf("erase audit summary %d: %w", r.ID, err)
		}
		if err := tx.Exec("UPDATE audit_events SET summary = ? WHERE id = ?", summary, r.ID).Error; err != nil {
			return fmt.Errorf("erase audit summary %d: %w", r.ID, err)
		}
	}
	return nil
}

// erasedHash is the hash an audit row whose summary was erased is verified
// with: its content as it now is, chained to the hash it was written with.
func (r auditRow) erasedHash() string {
	r.PrevHash = r.Hash
	return r.contentHash()
}

// erasedPaper answers a request for a contract or letter whose PDF the
// anonymisation erased.
func erasedPaper(what string) error {
	return models.Fail(models.KindNotFound, "erased", "This {{.what}} was erased with the worker's personal data under the retention rule.").With("what", what)
}
