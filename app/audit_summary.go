package app

import (
	"regexp"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// Audit summaries in the reader's language (issue 13: English-only summaries
// reached French and Dutch readers). The trail keeps the summary it stored,
// in English: it is hash-chained, and what was written is the record. The
// pages translate it when they show it: each summary the store writes has a
// pattern below, its variable parts named; the message "audit.s.<name>"
// says it again in the reader's language with those parts. A part whose
// value is a code (a document kind, a decision) is shown by the message of
// its prefix and value when there is one. A summary no pattern matches (an
// older or a new kind of row) is shown as stored, marked as English.

// auditSummaryMsg is the prefix of the summaries' messages; ctdcMsg that of
// the CTDC means-of-control fields' names.
const (
	auditSummaryMsg = "audit.s."
	ctdcMsg         = "ctdc."
)

// auditPattern is a stored summary's shape: literal text with {part} or
// {part:prefix} placeholders, the prefix naming the messages of the part's
// codes ("doc" → "doc.passport_copy").
type auditPattern struct {
	name, shape string
}

var auditPatterns = []auditPattern{
	{"employer_view", "employer view"},
	{"mission_view", "mission view"},
	{"alerts_viewed", "employer alerts viewed"},
	{"timeline_viewed", "timeline viewed"},
	{"outcome_viewed", "history of application {app} viewed with its interview outcome"},
	{"application_opened", "{kind:app_kind} application opened for worker {worker}"},
	{"application_submitted", "eligibility checked; submitted"},
	{"application_closed", "application {action:action}"},
	{"cap_exception", "exception to the cumulative cap granted"},
	{"login_refused", "sign-in refused"},
	{"login_throttled", "attempt refused: too many failures"},
	{"signed_in", "signed in"},
	{"signed_in_second_factor", "signed in with a second factor"},
	{"signed_in_enrolled", "signed in after enrolling a second factor"},
	{"recovery_code_used", "recovery code used; {n} left"},
	{"totp_secret_qr", "TOTP secret shown for enrolment (QR code)"},
	{"totp_secret_page", "TOTP secret shown for enrolment (page)"},
	{"shown_employer_view", "shown in the view of employer {id}"},
	{"shown_mission_view", "shown in the view of mission {id}"},
	{"yearly_report", "yearly report {year} ({format})"},
	{"signed_out", "signed out"},
	{"second_step_waiting", "password accepted; waiting for the second factor"},
	{"second_step_enrol", "password accepted; the role requires a second factor: enrolment first"},
	{"totp_enrolled", "second factor enrolled; {n} recovery codes issued"},
	{"totp_refused", "second factor refused"},
	{"totp_reset", "second factor reset: {reason}"},
	{"totp_required", "role {role:role}: second factor required"},
	{"totp_not_required", "role {role:role}: second factor no longer required"},
	{"interview_scheduled", "interview {iv} scheduled"},
	{"interview_cancelled", "interview {iv} cancelled"},
	{"interview_recorded", "interview {iv} recorded"},
	{"interview_corrected", "interview {iv} corrected by interview {by}"},
	{"interview_viewed", "interview {iv} of application {app} viewed"},
	{"interview_reassigned", "interview {iv} reassigned as {next} to user {user}: {reason}"},
	{"summons_printed", "summons for interview {iv} printed"},
	{"history_before_interview", "history shown before interview {iv}"},
	{"draft_saved", "draft of the record saved"},
	{"draft_opened", "draft of the record opened"},
	{"room_added", "interview room added"},
	{"hours_added", "weekly hours added"},
	{"card_issued", "card {number} issued for application {app}"},
	{"record_version", "{entity:record_entity} {action:record_action}, version {version}: {n} field(s) changed"},
	{"card_collected", "collected in person by the worker"},
	{"card_expired", "validity ended"},
	{"clearance_viewed", "clearance review of application {app} viewed"},
	{"clearance_decided", "clearance of interview {iv} {decision:audit.value}"},
	{"hold_decided", "hold decision: {decision:audit.value}"},
	{"holds_viewed", "holds list viewed (application {app})"},
	{"contract_generated", "contract {ref} generated for application {app} ({langs}) on salary scale version {version}"},
	{"contract_reprinted", "contract {ref} reprinted (reprint {n})"},
	{"document_attached", "{kind:doc} attached ({type})"},
	{"document_downloaded", "{kind:doc} downloaded"},
	{"document_removed", "{kind:doc} removed from the file"},
	{"employer_registered", "employer registered"},
	{"mission_registered", "mission registered"},
	{"worker_registered", "worker registered"},
	{"employment_recorded", "employment recorded for worker {worker}"},
	{"referral_followed_up", "referral follow-up {id} recorded"},
	{"referral_viewed", "referral follow-up viewed"},
	{"signal_recorded", "signal {id} recorded"},
	{"observation_corrected", "observation {id} superseded by {by}"},
	{"letter_generated", "note verbale {number} ({kind:letter.kind}, {lang})"},
	{"earlier_service", "earlier service {from} to {to} recorded"},
	{"earlier_service_withdrawn", "earlier service period withdrawn"},
	{"restriction_placed", "restriction {id} placed"},
	{"restriction_lifted", "restriction {id} lifted"},
	{"legal_hold_placed", "legal hold {id} ({kind}) placed"},
	{"legal_hold_lifted", "legal hold {id} lifted"},
	{"anonymised", "personal data anonymised (due {date})"},
	{"scale_draft_started", "draft started from salary scale version {version}"},
	{"scale_published", "salary scale version published, effective {date}"},
	{"scale_draft_discarded", "draft discarded"},
	{"scale_imported", "draft imported from a CSV file"},
	{"token_created", "token {name} for user {user}"},
	{"token_revoked", "token revoked"},
	{"translations_seeded", "texts of the release taken as versions: {list}"},
	{"account_created", "account created with roles {roles}"},
	{"account_updated", "account updated"},
	{"account_roles_changed", "account updated; roles {before} -> {after}"},
	{"account_deactivated", "account deactivated"},
	{"account_reactivated", "account reactivated"},
	{"password_change_refused", "password change refused: wrong current password"},
	{"interface_language", "interface language: {locale}"},
}

// compiledPattern is an auditPattern as a regular expression.
type compiledPattern struct {
	name     string
	re       *regexp.Regexp
	parts    []string
	prefixes []string
}

var (
	compileOnce      sync.Once
	compiledPatterns []compiledPattern
	placeholderRE    = regexp.MustCompile(`\{([a-z]+)(?::([a-z_.]+))?\}`)
)

func auditPatternsCompiled() []compiledPattern {
	compileOnce.Do(func() {
		for _, p := range auditPatterns {
			cp := compiledPattern{name: p.name}
			var b strings.Builder
			b.WriteString("^")
			last := 0
			for _, m := range placeholderRE.FindAllStringSubmatchIndex(p.shape, -1) {
				b.WriteString(regexp.QuoteMeta(p.shape[last:m[0]]))
				b.WriteString("(.+?)")
				cp.parts = append(cp.parts, p.shape[m[2]:m[3]])
				prefix := ""
				if m[4] >= 0 {
					prefix = p.shape[m[4]:m[5]]
				}
				cp.prefixes = append(cp.prefixes, prefix)
				last = m[1]
			}
			b.WriteString(regexp.QuoteMeta(p.shape[last:]))
			b.WriteString("$")
			cp.re = regexp.MustCompile(b.String())
			compiledPatterns = append(compiledPatterns, cp)
		}
	})
	return compiledPatterns
}

// auditText is an audit summary as a page shows it; English is set when
// no translation was found and the text is shown as stored.
type auditText struct {
	Text    string
	English bool
}

// auditSummary is the stored summary in the reader's language.
func (l *localizer) auditSummary(summary string) auditText {
	for _, p := range auditPatternsCompiled() {
		m := p.re.FindStringSubmatch(summary)
		if m == nil {
			continue
		}
		var args []any
		for i, part := range p.parts {
			v := m[i+1]
			if p.prefixes[i] != "" {
				if s, err := l.l.Localize(&i18n.LocalizeConfig{MessageID: p.prefixes[i] + "." + v}); err == nil {
					v = s
				}
			}
			args = append(args, part, v)
		}
		return auditText{Text: l.T(auditSummaryMsg+p.name, args...)}
	}
	return auditText{Text: summary, English: l.lang != "en"}
}

// AuditSummary is the audit row's summary in the page's language:
// {{with $.AuditSummary .Summary}}.
func (v *view) AuditSummary(summary string) auditText { return v.loc.auditSummary(summary) }
