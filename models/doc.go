// Package models is Carddesk's domain: the records (missions, employers,
// workers, employments, applications, interviews, cards, observations), the
// rules that govern them and the error codes those rules return. A reader
// finds each rule here by its name:
//
//   - who may do what: permission.go (rolePermissions) and Actor.Require;
//     what a reader may see of an interview: visibility.go;
//   - the application's status table and its history: application.go;
//     what a page may offer next: offer.go (OfferFor);
//   - eligibility at submission: eligibility.go (CheckEligibility);
//   - the interview gate and issuing a card: gate.go (IssueGateInterview),
//     issue.go (IssueCard: the gate, the cumulative cap and its exception,
//     the expiry); the card's own status table: card.go;
//   - the private interview: recording.go (InterviewRecording.Validate,
//     InterviewBooking.ValidateInterpreter), checklist.go, indicator.go
//     (the ILO and ILO-EC catalogues and the screening signal), hold.go;
//   - the worker's history: observation.go.
//
// The salary-scale rules (minimums, contract terms, the renewal-contract
// rule) live in salary_scales. Every message is an English go-i18n template
// whose values travel in the error's Args (Fail, Error.With), translated by
// the pages and the API. The package imports only the standard library and
// carries no storage or HTTP tags: app/store maps its types to rows, app/
// to requests and JSON.
package models
