package models

import (
	"fmt"
	"math/big"
	"testing"
	"time"
)

// lcMod97Big is an independent ISO 7064 mod 97 using big integers.
func lcMod97Big(s string) int64 {
	digits := ""
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			digits += fmt.Sprint(int(r-'A') + 10)
		} else {
			digits += string(r)
		}
	}
	n, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		panic(s)
	}
	return new(big.Int).Mod(n, big.NewInt(97)).Int64()
}

func TestFormatCardNumber(t *testing.T) {
	for _, seq := range []int64{1, 2, 42, 123456789, MaxCardSequence} {
		n, err := FormatCardNumber(seq)
		if err != nil {
			t.Fatal(err)
		}
		if len(n) != 12 || n[0] != 'S' || n[1:10] != fmt.Sprintf("%09d", seq) {
			t.Errorf("FormatCardNumber(%d) = %s", seq, n)
		}
		if lcMod97Big(n) != 1 {
			t.Errorf("%s: check digits wrong by an independent computation", n)
		}
		got, err := ValidateCardNumber(n)
		if err != nil || got != seq {
			t.Errorf("ValidateCardNumber(%s) = %d, %v", n, got, err)
		}
	}
	for _, seq := range []int64{0, -1, MaxCardSequence + 1} {
		if _, err := FormatCardNumber(seq); err == nil {
			t.Errorf("FormatCardNumber(%d) accepted", seq)
		}
	}
}

// TestCardNumberCatchesTypos: every single wrong digit and every swap of two
// different neighbouring digits is refused, for a spread of sequences.
func TestCardNumberCatchesTypos(t *testing.T) {
	for seq := int64(1); seq <= MaxCardSequence; seq += 7_777_777 {
		n, _ := FormatCardNumber(seq)
		for i := 1; i < len(n); i++ {
			for d := byte('0'); d <= '9'; d++ {
				if d == n[i] {
					continue
				}
				typo := n[:i] + string(d) + n[i+1:]
				if _, err := ValidateCardNumber(typo); err == nil {
					t.Fatalf("%s accepted for %s", typo, n)
				}
			}
			if i+1 < len(n) && n[i] != n[i+1] {
				swap := n[:i] + string(n[i+1]) + string(n[i]) + n[i+2:]
				if _, err := ValidateCardNumber(swap); err == nil {
					t.Fatalf("%s accepted for %s", swap, n)
				}
			}
		}
	}
}

func TestValidateCardNumber(t *testing.T) {
	good, _ := FormatCardNumber(1234)
	tests := []struct {
		in string
		ok bool
	}{
		{good, true},
		{NormalizeCardNumber("s 000-001 234." + good[10:]), true},
		{"D" + good[1:], false}, // another card type
		{good[:11], false},
		{good + "0", false},
		{"S0000012A4" + good[10:], false},
		{"S000000000" + fmt.Sprintf("%02d", 98-lcMod97Big("S00000000000")), false}, // sequence 0
		{"", false},
	}
	for _, tt := range tests {
		_, err := ValidateCardNumber(tt.in)
		if tt.ok != (err == nil) {
			t.Errorf("ValidateCardNumber(%q) = %v, want ok %v", tt.in, err, tt.ok)
		}
		if err != nil {
			lcWantCode(t, err, KindInvalid, CodeCardNumberInvalid)
		}
	}
}

var wantCardTransitions = map[CardStatus]map[CardAction]CardStatus{
	CardReadyForCollection: {CardCollect: CardCollected, CardExpire: CardExpired, CardCancel: CardCancelled},
	CardCollected: {CardExpire: CardExpired, CardReturn: CardReturned, CardCancel: CardCancelled,
		CardReportLost: CardReportedLost},
	CardExpired:      {CardReturn: CardReturned},
	CardReportedLost: {CardReturn: CardReturned},
}

func TestApplyCardEveryStatusAndAction(t *testing.T) {
	for _, st := range CardStatuses {
		for _, a := range CardActions {
			got, err := ApplyCard(st, a)
			if want, ok := wantCardTransitions[st][a]; ok {
				if err != nil || got != want {
					t.Errorf("%s/%s = %s, %v; want %s", st, a, got, err, want)
				}
				continue
			}
			if got != st {
				t.Errorf("%s/%s changed the status to %s", st, a, got)
			}
			if ErrorKind(err) != KindConflict || ErrorCode(err) != CodeActionNotAllowed {
				t.Errorf("%s/%s = %v, want action_not_allowed", st, a, err)
			}
		}
	}
	if len(cardTransitions) != len(CardStatuses) {
		t.Errorf("card table has %d statuses, list has %d", len(cardTransitions), len(CardStatuses))
	}
}

func TestNewCard(t *testing.T) {
	app, ivs := lcGateCase(t)
	app.ReplacesCardID = lcPtr(int64(8))
	c, err := NewCard(app, ivs[0], 77, lcClerk, lcGateNow, lcDay(2026, 6, 19))
	if err != nil {
		t.Fatal(err)
	}
	if c.ApplicationID != 50 || c.InterviewID != 7 || c.WorkerID != 30 || c.EmployerID != 20 || c.Status != CardReadyForCollection ||
		c.Sequence != 77 || c.IssuedByID != lcClerk || *c.ReplacesCardID != 8 {
		t.Errorf("card = %+v", c)
	}
	if seq, err := ValidateCardNumber(c.Number); err != nil || seq != 77 {
		t.Errorf("number %s: %d, %v", c.Number, seq, err)
	}
	other := ivs[0]
	other.ApplicationID = 49
	if _, err := NewCard(app, other, 78, lcClerk, lcGateNow, lcDay(2026, 6, 19)); err == nil {
		t.Error("card built on another application's interview")
	}
}

func TestCardExpiry(t *testing.T) {
	issued := lcAt(2025, 3, 10, 11)
	tests := []struct {
		name    string
		in      CardValidityInput
		want    time.Time
		wantErr string
	}{
		{"one year", CardValidityInput{Kind: ApplicationFirstIssuance, IssuedOn: issued}, lcDay(2026, 3, 9), ""},
		{"renewal: one year from issue", CardValidityInput{Kind: ApplicationRenewal, IssuedOn: issued}, lcDay(2026, 3, 9), ""},
		{"issued on 29 February", CardValidityInput{Kind: ApplicationFirstIssuance, IssuedOn: lcDay(2024, 2, 29)}, lcDay(2025, 2, 28), ""},
		{"posting ends first", CardValidityInput{Kind: ApplicationFirstIssuance, IssuedOn: issued, PostingEndsOn: lcPtr(lcDay(2025, 9, 30))}, lcDay(2025, 9, 30), ""},
		{"employment ends first", CardValidityInput{Kind: ApplicationFirstIssuance, IssuedOn: issued,
			PostingEndsOn: lcPtr(lcDay(2025, 9, 30)), EmploymentEndsOn: lcPtr(lcDay(2025, 8, 31))}, lcDay(2025, 8, 31), ""},
		{"cap reached first", CardValidityInput{Kind: ApplicationRenewal, IssuedOn: issued, CapEndsOn: lcPtr(lcDay(2025, 12, 1))}, lcDay(2025, 12, 1), ""},
		{"later limits do not extend", CardValidityInput{Kind: ApplicationFirstIssuance, IssuedOn: issued,
			PostingEndsOn: lcPtr(lcDay(2029, 1, 1)), EmploymentEndsOn: lcPtr(lcDay(2029, 1, 1))}, lcDay(2026, 3, 9), ""},
		{"duplicate keeps the expiry", CardValidityInput{Kind: ApplicationDuplicate, IssuedOn: issued, ReplacedExpiresOn: lcPtr(lcDay(2025, 11, 4))}, lcDay(2025, 11, 4), ""},
		{"duplicate within an earlier posting end", CardValidityInput{Kind: ApplicationDuplicate, IssuedOn: issued,
			ReplacedExpiresOn: lcPtr(lcDay(2025, 11, 4)), PostingEndsOn: lcPtr(lcDay(2025, 10, 1))}, lcDay(2025, 10, 1), ""},
		{"ends on the day of issue", CardValidityInput{Kind: ApplicationFirstIssuance, IssuedOn: issued, EmploymentEndsOn: lcPtr(lcDay(2025, 3, 10))}, lcDay(2025, 3, 10), ""},
		{"posting already over", CardValidityInput{Kind: ApplicationFirstIssuance, IssuedOn: issued, PostingEndsOn: lcPtr(lcDay(2025, 3, 9))}, time.Time{}, CodeNoValidity},
		{"duplicate without the replaced expiry", CardValidityInput{Kind: ApplicationDuplicate, IssuedOn: issued}, time.Time{}, "internal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CardExpiry(tt.in)
			if tt.wantErr != "" {
				if ErrorCode(err) != tt.wantErr {
					t.Fatalf("err = %v, want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) {
				t.Errorf("CardExpiry = %s, %v; want %s", got.Format(time.DateOnly), err, tt.want.Format(time.DateOnly))
			}
		})
	}
}

func TestCardCollect(t *testing.T) {
	w := Worker{ID: 30, PassportNumber: "P1234567A"}
	ready := Card{ID: 900, WorkerID: 30, IssuedAt: lcAt(2025, 6, 20, 10), ExpiresOn: lcDay(2026, 6, 19), Status: CardReadyForCollection}
	good := Collection{ClerkID: lcClerk, At: lcAt(2025, 6, 25, 14), IdentityDocumentKind: IDPassport,
		IdentityDocumentNumber: "p123 4567a", HandedToWorkerInPerson: true}
	tests := []struct {
		name     string
		card     func(*Card)
		col      func(*Collection)
		wantCode string   // domain error code
		want     []string // field errors
	}{
		{name: "in person, passport checked", card: func(*Card) {}, col: func(*Collection) {}},
		{name: "national ID card", card: func(*Card) {}, col: func(c *Collection) {
			c.IdentityDocumentKind, c.IdentityDocumentNumber = IDNationalIDCard, "591-0000-12"
		}},
		{name: "handed to someone else", card: func(*Card) {}, col: func(c *Collection) { c.HandedToWorkerInPerson = false },
			want: []string{"handed_to_worker_in_person:" + CodeCollectionNotInPerson}},
		{name: "another passport", card: func(*Card) {}, col: func(c *Collection) { c.IdentityDocumentNumber = "X9999999" },
			want: []string{"identity_document_number:" + CodeIdentityDocumentMismatch}},
		{name: "another worker's card", card: func(c *Card) { c.WorkerID = 31 }, col: func(*Collection) {},
			want: []string{"identity_document_number:" + CodeIdentityDocumentMismatch}},
		{name: "nothing recorded", card: func(*Card) {}, col: func(c *Collection) { *c = Collection{} },
			want: []string{"at:required", "clerk_id:required", "handed_to_worker_in_person:" + CodeCollectionNotInPerson, "identity_document_kind:invalid_choice"}},
		{name: "no document number", card: func(*Card) {}, col: func(c *Collection) { c.IdentityDocumentNumber = " " },
			want: []string{"identity_document_number:required"}},
		{name: "before issue", card: func(*Card) {}, col: func(c *Collection) { c.At = lcAt(2025, 6, 19, 10) },
			want: []string{"at:before_issue"}},
		{name: "already collected", card: func(c *Card) { c.Status = CardCollected }, col: func(*Collection) {}, wantCode: CodeActionNotAllowed},
		{name: "cancelled", card: func(c *Card) { c.Status = CardCancelled }, col: func(*Collection) {}, wantCode: CodeActionNotAllowed},
		{name: "expired before collection", card: func(*Card) {}, col: func(c *Collection) { c.At = lcAt(2026, 6, 20, 9) }, wantCode: CodeCardExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, col := ready, good
			tt.card(&c)
			tt.col(&col)
			before := c
			err := c.Collect(w, col)
			switch {
			case tt.wantCode != "":
				lcWantCode(t, err, KindConflict, tt.wantCode)
			case tt.want != nil:
				if got := lcFieldCodes(t, err); !lcSameStrings(got, tt.want) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				if c.Status != CardCollected || c.CollectedAt == nil || *c.CollectedByClerkID != lcClerk || !c.CollectedByWorkerInPerson ||
					c.IdentityDocumentNumber != NormalizePassportNumber(col.IdentityDocumentNumber) {
					t.Errorf("collection not recorded: %+v", c)
				}
				return
			}
			if c.Status != before.Status || c.CollectedAt != nil {
				t.Error("a refused collection changed the card")
			}
		})
	}
}

func TestCardTransition(t *testing.T) {
	at := lcAt(2025, 9, 1, 9)
	c := Card{ID: 900, Status: CardCollected}
	if err := c.Transition(CardCollect, at, "x"); err == nil {
		t.Error("collection accepted without Collect")
	}
	if got := lcFieldCodes(t, c.Transition(CardReportLost, at, " ")); len(got) != 1 || got[0] != "reason:required" {
		t.Errorf("loss without reason: %v", got)
	}
	if err := c.Transition(CardReportLost, at, "Police report BR.21.L5.012345/2025"); err != nil || c.Status != CardReportedLost || !c.StatusChangedAt.Equal(at) {
		t.Fatalf("report lost: %v, %+v", err, c)
	}
	lcWantCode(t, c.Transition(CardCancel, at, "x"), KindConflict, CodeActionNotAllowed)
	e := Card{Status: CardCollected}
	if err := e.Transition(CardExpire, at, ""); err != nil || e.Status != CardExpired {
		t.Errorf("expiry needs no reason: %v", err)
	}
}

func TestCardShouldExpire(t *testing.T) {
	exp := lcDay(2025, 6, 30)
	tests := []struct {
		status CardStatus
		today  time.Time
		want   bool
	}{
		{CardCollected, lcAt(2025, 6, 30, 23), false},
		{CardCollected, lcDay(2025, 7, 1), true},
		{CardReadyForCollection, lcDay(2025, 7, 1), true},
		{CardReturned, lcDay(2025, 7, 1), false},
		{CardExpired, lcDay(2025, 7, 1), false},
	}
	for _, tt := range tests {
		if got := (Card{Status: tt.status, ExpiresOn: exp}).ShouldExpire(tt.today); got != tt.want {
			t.Errorf("%s on %s: %v, want %v", tt.status, tt.today, got, tt.want)
		}
	}
}

func TestCardServicePeriod(t *testing.T) {
	base := Card{IssuedAt: lcAt(2024, 1, 10, 9), ExpiresOn: lcDay(2025, 1, 9), CollectedAt: lcPtr(lcAt(2024, 1, 12, 9))}
	tests := []struct {
		name   string
		mutate func(*Card)
		want   Period
		ok     bool
	}{
		{"in use", func(c *Card) { c.Status = CardCollected }, Period{lcDay(2024, 1, 10), lcDay(2025, 1, 9)}, true},
		{"never collected", func(c *Card) { c.Status, c.CollectedAt = CardCancelled, nil }, Period{}, false},
		{"returned early", func(c *Card) { c.Status, c.StatusChangedAt = CardReturned, lcPtr(lcAt(2024, 6, 1, 9)) },
			Period{lcDay(2024, 1, 10), lcDay(2024, 6, 1)}, true},
		{"returned after expiry", func(c *Card) { c.Status, c.StatusChangedAt = CardReturned, lcPtr(lcAt(2025, 3, 1, 9)) },
			Period{lcDay(2024, 1, 10), lcDay(2025, 1, 9)}, true},
		{"lost: the duplicate carries on", func(c *Card) { c.Status, c.StatusChangedAt = CardReportedLost, lcPtr(lcAt(2024, 6, 1, 9)) },
			Period{lcDay(2024, 1, 10), lcDay(2025, 1, 9)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			tt.mutate(&c)
			got, ok := c.ServicePeriod(time.UTC)
			if ok != tt.ok || !got.From.Equal(tt.want.From) || !got.To.Equal(tt.want.To) {
				t.Errorf("got %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestRenewalDue(t *testing.T) {
	today := lcAt(2025, 6, 1, 9)
	tests := []struct {
		name       string
		status     CardStatus
		expires    time.Time
		hasRenewal bool
		want       RenewalDueReason
	}{
		{"expires in 60 days", CardCollected, lcDay(2025, 7, 31), false, RenewalExpiring},
		{"expires in 61 days", CardCollected, lcDay(2025, 8, 1), false, ""},
		{"expires today", CardCollected, lcDay(2025, 6, 1), false, RenewalExpiring},
		{"expired yesterday, status not yet updated", CardCollected, lcDay(2025, 5, 31), false, RenewalExpired},
		{"expired", CardExpired, lcDay(2025, 1, 31), false, RenewalExpired},
		{"renewal opened", CardCollected, lcDay(2025, 7, 1), true, ""},
		{"expired, renewal opened", CardExpired, lcDay(2025, 5, 1), true, ""},
		{"returned", CardReturned, lcDay(2025, 5, 1), false, ""},
		{"cancelled", CardCancelled, lcDay(2025, 7, 1), false, ""},
		{"reported lost (the duplicate is tracked)", CardReportedLost, lcDay(2025, 7, 1), false, ""},
		{"never collected", CardReadyForCollection, lcDay(2025, 7, 1), false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, due := RenewalDue(Card{Status: tt.status, ExpiresOn: tt.expires}, tt.hasRenewal, today, 60)
			if got != tt.want || due != (tt.want != "") {
				t.Errorf("got %q, %v; want %q", got, due, tt.want)
			}
		})
	}
}

func TestHasRenewal(t *testing.T) {
	renewal := func(card int64, st ApplicationStatus) Application {
		return Application{Kind: ApplicationRenewal, ReplacesCardID: lcPtr(card), Status: st}
	}
	tests := []struct {
		name string
		apps []Application
		want bool
	}{
		{"none", nil, false},
		{"in progress", []Application{renewal(900, ApplicationSubmitted)}, true},
		{"another card's", []Application{renewal(901, ApplicationSubmitted)}, false},
		{"withdrawn", []Application{renewal(900, ApplicationWithdrawn)}, false},
		{"rejected, then reopened", []Application{renewal(900, ApplicationRejected), renewal(900, ApplicationDraft)}, true},
		{"refused: decided", []Application{renewal(900, ApplicationRefused)}, true},
		{"a duplicate is no renewal", []Application{{Kind: ApplicationDuplicate, ReplacesCardID: lcPtr(int64(900)), Status: ApplicationSubmitted}}, false},
	}
	for _, tt := range tests {
		if got := HasRenewal(900, tt.apps); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestNewRenewal(t *testing.T) {
	c := Card{ID: 900, WorkerID: 30, EmployerID: 20}
	a := NewRenewal(c, 41, lcClerk, lcGateNow)
	if a.Kind != ApplicationRenewal || a.WorkerID != 30 || a.EmployerID != 20 || a.EmploymentID != 41 ||
		a.ReplacesCardID == nil || *a.ReplacesCardID != 900 || a.Status != ApplicationDraft {
		t.Errorf("renewal = %+v", a)
	}
	if err := a.Validate(); err != nil {
		t.Error(err)
	}
}
