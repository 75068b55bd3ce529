package models

// The referral follow-ups in the yearly report (issue 13): a table per
// outcome, partners as rows, each referral line (one worker's referral to
// one partner, models.FollowUpLines) counted once, in the year it was sent,
// by where it stands when the report is drawn:
//
//   - granted: a "victim status granted" step was recorded;
//   - refused: a "victim status refused" step was recorded;
//   - open: no decision and not closed.
//
// A line closed without a decision is in none of the three, so the tables
// together do not add up to the referrals sent, and no such total is
// published.
//
// Each table is a partition (a line has one partner) and goes through the
// report's suppression like every other one. They are deliberately NOT
// linked to TableReferrals: that table counts the referrals written in the
// current interview records, dated by the interview's referral date, while
// these count the follow-up lines recorded by staff, dated by their "sent"
// step; a line needs no interview referral (a signal can lead to one) and a
// referral need not be followed up, so the two do not count one population
// and an equation between them would be false.
const (
	TableFollowUpsGranted = "followups_granted"
	TableFollowUpsRefused = "followups_refused"
	TableFollowUpsOpen    = "followups_open"
)

// FollowUpTables are the follow-up tables, in the report's order.
var FollowUpTables = []string{TableFollowUpsGranted, TableFollowUpsRefused, TableFollowUpsOpen}
