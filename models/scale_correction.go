package models

import "time"

// Publishing a correcting salary scale version (issue 9) is confirmed like
// any publication, but its consequence is another: the corrected version's
// contracts that pay less than the corrected minimum are listed for review
// (contracts below the new minimum) and each needs an amended contract.

// CodeConfirmScaleCorrection asks to confirm publishing a correction.
const CodeConfirmScaleCorrection = "confirm_scale_correction"

// ScaleCorrectionConsequence is what publishing a correction of version
// correctsID does: it stands in that version's place from effective on, can
// never be edited or withdrawn, and belowMinimum contracts drawn up under the
// corrected version pay less than the new minimum and will be listed for
// review.
func ScaleCorrectionConsequence(belowMinimum int, correctsID int64, effective time.Time) *Error {
	return confirmation(CodeConfirmScaleCorrection,
		"Publishing this correction puts it in force in place of version {{.corrects_id}} from {{.effective_date}}, and it can never be edited or withdrawn. {{.below_minimum}} contract(s) drawn up under the corrected version pay less than the new minimum: they will be listed for review under Contracts below the new minimum, and each needs an amended contract. Confirm to publish.",
		map[string]any{"below_minimum": belowMinimum, "corrects_id": correctsID, "effective_date": dayText(effective)})
}
