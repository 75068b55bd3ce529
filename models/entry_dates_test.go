package models

import "testing"

// TestEntryDates: a worker is not registered on an expired passport nor an
// employer on an ended posting; the last day still counts; an old record's
// dates do not stop its other corrections, and a correction may set a past
// expiry while an update (a new passport) may not.
func TestEntryDates(t *testing.T) {
	today := lcDay(2026, 3, 1)
	worker := func(expires int) Worker {
		w := recWorker()
		w.PassportExpiresOn = today.AddDate(0, 0, expires)
		w.Normalize()
		return w
	}
	for _, tt := range []struct {
		name    string
		expires int
		want    []string
	}{
		{"valid for years", 3650, nil},
		{"expires today", 0, nil},
		{"expired yesterday", -1, []string{"passport_expires_on:passport_expired"}},
		{"expired in 2020", -2250, []string{"passport_expires_on:passport_expired"}},
	} {
		t.Run("worker "+tt.name, func(t *testing.T) {
			w := worker(tt.expires)
			if got := lcFieldCodes(t, w.ValidateEntry(today)); !lcSameStrings(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if err := w.Validate(today); err != nil {
				t.Errorf("the record itself stays valid: %v", err)
			}
		})
	}
	t.Run("every error at once", func(t *testing.T) {
		w := worker(-10)
		w.PassportNumber = ""
		want := []string{"passport_expires_on:passport_expired", "passport_number:required"}
		if got := lcFieldCodes(t, w.ValidateEntry(today)); !lcSameStrings(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})

	for _, tt := range []struct {
		name string
		ends *int
		want []string
	}{
		{"no end known", nil, nil},
		{"ends next year", lcPtr(365), nil},
		{"ends today", lcPtr(0), nil},
		{"ended in 2019", lcPtr(-2500), []string{"posting_ends_on:posting_ended"}},
	} {
		t.Run("employer "+tt.name, func(t *testing.T) {
			e := Employer{MissionID: 1, FamilyName: "Santos"}
			if tt.ends != nil {
				d := today.AddDate(0, 0, *tt.ends)
				e.PostingEndsOn = &d
			}
			e.Normalize()
			if got := lcFieldCodes(t, e.ValidateEntry(today)); !lcSameStrings(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}

	// Revisions of a record whose passport expired since it was entered.
	cur := worker(-30)
	for _, tt := range []struct {
		name   string
		mutate func(*Worker)
		kind   ChangeKind
		want   []string
	}{
		{"other field corrected", func(w *Worker) { w.Phone = "+32470123456" }, ChangeCorrection, nil},
		{"other field updated", func(w *Worker) { w.Phone = "+32470123456" }, ChangeUpdate, nil},
		{"expiry corrected to another past day", func(w *Worker) { w.PassportExpiresOn = today.AddDate(0, -2, 0) }, ChangeCorrection, nil},
		{"new passport already expired", func(w *Worker) { w.PassportNumber = "P7654321"; w.PassportExpiresOn = today.AddDate(0, 0, -1) }, ChangeUpdate,
			[]string{"passport_expires_on:passport_expired"}},
		{"new passport valid", func(w *Worker) { w.PassportNumber = "P7654321"; w.PassportExpiresOn = today.AddDate(10, 0, 0) }, ChangeUpdate, nil},
	} {
		t.Run("revision "+tt.name, func(t *testing.T) {
			next := cur
			tt.mutate(&next)
			_, _, err := ReviseWorker(cur, next, ChangeRequest{Kind: tt.kind, Reason: "seen at the counter"}, today)
			if got := lcFieldCodes(t, err); !lcSameStrings(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
