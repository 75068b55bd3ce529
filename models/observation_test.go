package models

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// testSealer stands in for app/sealed: it scrambles the note so a test can
// tell sealed from plain bytes, and records the additional data.
type testSealer struct {
	aads [][]byte
	fail bool
}

func (s *testSealer) Seal(plaintext, additionalData []byte) ([]byte, error) {
	if s.fail {
		return nil, errors.New("sealer down")
	}
	s.aads = append(s.aads, slices.Clone(additionalData))
	out := []byte("SEALED|")
	for _, b := range plaintext {
		out = append(out, b^0x5a)
	}
	return out, nil
}

func obsIDPtr(v int64) *int64 { return &v }

var (
	obsDay1 = time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
	obsDay2 = time.Date(2027, 5, 3, 0, 0, 0, 0, time.UTC)
)

func TestObservationsFromInterview(t *testing.T) {
	ctx := ObservationContext{WorkerID: 7, EmployerID: obsIDPtr(3), InterviewID: 41, HeldOn: obsDay1, RecordedByID: 9}
	responses := []IndicatorResponse{
		{Code: "coercion_at_destination.confiscation_of_documents", Answer: IndicatorYes, Note: "Madam keeps the passport in her safe."},
		{Code: ILODeception, Answer: IndicatorNo, Note: "said no"},
		{Code: ILORetentionOfIdentityDocuments, Answer: IndicatorYes},
		{Code: ILOIsolation, Answer: IndicatorUnclear, Note: "   "},
		{Code: "exploitative_conditions.low_or_no_salary", Answer: IndicatorNo},
	}
	sealer := &testSealer{}
	got, err := ObservationsFromInterview(ctx, responses, sealer)
	if err != nil {
		t.Fatal(err)
	}
	// Catalogue order: the ILO list first, then ILO-EC.
	wantCodes := []string{ILOIsolation, ILORetentionOfIdentityDocuments, "coercion_at_destination.confiscation_of_documents"}
	var codes []string
	for _, o := range got {
		codes = append(codes, o.IndicatorCode)
		if err := o.Validate(); err != nil {
			t.Errorf("%s: %v", o.IndicatorCode, err)
		}
		if o.WorkerID != 7 || *o.EmployerID != 3 || *o.InterviewID != 41 || o.Source != ObservationFromInterview ||
			!o.ObservedOn.Equal(obsDay1) || o.RecordedByID != 9 || o.SupersedesID != nil {
			t.Errorf("%s: context not copied: %+v", o.IndicatorCode, o)
		}
	}
	if !slices.Equal(codes, wantCodes) {
		t.Fatalf("codes %v, want %v", codes, wantCodes)
	}
	isolation, retention, confiscation := got[0], got[1], got[2]
	if isolation.Answer != IndicatorUnclear || isolation.Grade != "" || isolation.Note != nil {
		t.Errorf("isolation: %+v (a blank note is no note)", isolation)
	}
	if retention.Taxonomy != TaxonomyILOForcedLabour || retention.Note != nil {
		t.Errorf("retention: %+v", retention)
	}
	if confiscation.Taxonomy != TaxonomyILOEC || confiscation.Grade != GradeStrong {
		t.Errorf("confiscation: grade %q taxonomy %q", confiscation.Grade, confiscation.Taxonomy)
	}
	if !bytes.HasPrefix(confiscation.Note, []byte("SEALED|")) || bytes.Contains(confiscation.Note, []byte("passport")) {
		t.Errorf("note not sealed: %q", confiscation.Note)
	}
	if len(sealer.aads) != 1 || !bytes.Equal(sealer.aads[0], ObservationNoteAAD(confiscation)) {
		t.Errorf("sealed with aad %q, want %q", sealer.aads, ObservationNoteAAD(confiscation))
	}

	if _, err := ObservationsFromInterview(ctx, responses, nil); err == nil {
		t.Error("a note with no sealer was accepted")
	}
	if _, err := ObservationsFromInterview(ctx, answeredYes(ILODebtBondage), nil); err != nil {
		t.Errorf("no note needs no sealer: %v", err)
	}
	if _, err := ObservationsFromInterview(ctx, responses, &testSealer{fail: true}); err == nil {
		t.Error("sealer failure ignored")
	}
	if _, err := ObservationsFromInterview(ctx, answeredYes("nope"), sealer); ErrorCode(err) != "invalid_input" {
		t.Errorf("unknown code: %v", err)
	}
	if _, err := ObservationsFromInterview(ObservationContext{}, answeredYes(ILODebtBondage), sealer); err == nil {
		t.Error("observation without worker, interview or recorder accepted")
	}
	none, err := ObservationsFromInterview(ctx, []IndicatorResponse{{Code: ILODeception, Answer: IndicatorNo}}, sealer)
	if err != nil || len(none) != 0 {
		t.Errorf("no answers give %d observations, %v", len(none), err)
	}
}

func TestObservationNoteAADDistinguishesRows(t *testing.T) {
	base := IndicatorObservation{WorkerID: 7, Source: ObservationFromInterview, InterviewID: obsIDPtr(41), IndicatorCode: ILOIsolation}
	variants := []IndicatorObservation{
		func() IndicatorObservation { o := base; o.WorkerID = 8; return o }(),
		func() IndicatorObservation { o := base; o.InterviewID = obsIDPtr(42); return o }(),
		func() IndicatorObservation { o := base; o.IndicatorCode = ILODeception; return o }(),
		func() IndicatorObservation { o := base; o.SupersedesID = obsIDPtr(5); return o }(),
		func() IndicatorObservation {
			o := base
			o.Source, o.InterviewID, o.SignalID = ObservationFromSignal, nil, obsIDPtr(41)
			return o
		}(),
	}
	a := ObservationNoteAAD(base)
	for _, v := range variants {
		if bytes.Equal(a, ObservationNoteAAD(v)) {
			t.Errorf("AAD %q does not tell %+v apart", a, v)
		}
	}
	// Fields a correction may not touch do not matter, others never change.
	same := base
	same.ID, same.Note = 99, []byte("x")
	if !bytes.Equal(a, ObservationNoteAAD(same)) {
		t.Error("AAD depends on the row id or the note, which are not known when sealing")
	}
}

func validObservation() IndicatorObservation {
	return IndicatorObservation{
		WorkerID: 1, EmployerID: obsIDPtr(2), Taxonomy: TaxonomyILOEC, IndicatorCode: "coercion_at_destination.debt_bondage",
		Answer: IndicatorYes, Grade: GradeStrong, Source: ObservationFromInterview, InterviewID: obsIDPtr(3),
		ObservedOn: obsDay1, RecordedByID: 4,
	}
}

func TestIndicatorObservationValidate(t *testing.T) {
	with := func(f func(*IndicatorObservation)) IndicatorObservation { o := validObservation(); f(&o); return o }
	tests := []struct {
		name      string
		o         IndicatorObservation
		wantField string
		wantCode  string
	}{
		{"valid", validObservation(), "", ""},
		{"valid signal observation", with(func(o *IndicatorObservation) {
			o.Source, o.InterviewID, o.SignalID, o.SignalSource = ObservationFromSignal, nil, obsIDPtr(5), SignalNGO
		}), "", ""},
		{"withdrawal by correction", with(func(o *IndicatorObservation) {
			o.Answer, o.SupersedesID, o.CorrectionReason = IndicatorNo, obsIDPtr(1), "Misheard: the passport is with the worker."
		}), "", ""},
		{"no worker", with(func(o *IndicatorObservation) { o.WorkerID = 0 }), "worker_id", "required"},
		{"unknown code", with(func(o *IndicatorObservation) { o.IndicatorCode = "x" }), "indicator_code", "invalid_choice"},
		{"wrong taxonomy", with(func(o *IndicatorObservation) { o.Taxonomy = TaxonomyILOForcedLabour }), "taxonomy", "taxonomy_mismatch"},
		{"grade not the list's", with(func(o *IndicatorObservation) { o.Grade = GradeWeak }), "grade", "grade_mismatch"},
		{"no answer kept", with(func(o *IndicatorObservation) { o.Answer = IndicatorNo }), "answer", "invalid_choice"},
		{"interview without id", with(func(o *IndicatorObservation) { o.InterviewID = nil }), "source", "source_mismatch"},
		{"interview with a signal", with(func(o *IndicatorObservation) { o.SignalID = obsIDPtr(5) }), "source", "source_mismatch"},
		{"signal without source", with(func(o *IndicatorObservation) {
			o.Source, o.InterviewID, o.SignalID = ObservationFromSignal, nil, obsIDPtr(5)
		}), "source", "source_mismatch"},
		{"unknown source", with(func(o *IndicatorObservation) { o.Source = "rumour" }), "source", "invalid_choice"},
		{"no date", with(func(o *IndicatorObservation) { o.ObservedOn = time.Time{} }), "observed_on", "required"},
		{"no recorder", with(func(o *IndicatorObservation) { o.RecordedByID = 0 }), "recorded_by_id", "required"},
		{"correction without reason", with(func(o *IndicatorObservation) { o.SupersedesID = obsIDPtr(1) }), "correction_reason", "required"},
		{"reason without correction", with(func(o *IndicatorObservation) { o.CorrectionReason = "because" }), "correction_reason", "not_a_correction"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireFieldErr(t, tt.o.Validate(), tt.wantField, tt.wantCode)
		})
	}
}

func TestSupersede(t *testing.T) {
	old := validObservation()
	old.ID = 10
	old.Note = []byte("SEALED|old")
	orig := old
	sealer := &testSealer{}

	c, err := Supersede(old, ObservationCorrection{
		IndicatorCode: "coercion_at_destination.threats_of_violence", Answer: IndicatorUnclear,
		Reason: " Interpreter mistranslated. ", Note: "It was threats, not debt.", RecordedByID: 12,
	}, sealer)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != 0 || *c.SupersedesID != 10 || c.CorrectionReason != "Interpreter mistranslated." || c.RecordedByID != 12 {
		t.Errorf("correction: %+v", c)
	}
	if c.Grade != GradeMedium || c.Answer != IndicatorUnclear || c.WorkerID != old.WorkerID || *c.InterviewID != *old.InterviewID || !c.ObservedOn.Equal(old.ObservedOn) {
		t.Errorf("correction lost context or grade: %+v", c)
	}
	if bytes.Equal(c.Note, old.Note) || !bytes.Equal(sealer.aads[0], ObservationNoteAAD(c)) {
		t.Error("correction note not sealed with its own AAD")
	}
	if !slices.Equal(old.Note, orig.Note) || old.SupersedesID != nil || old.Answer != orig.Answer {
		t.Error("the old observation was changed")
	}

	withdraw, err := Supersede(old, ObservationCorrection{IndicatorCode: old.IndicatorCode, Answer: IndicatorNo, Reason: "Wrong worker.", RecordedByID: 12}, nil)
	if err != nil || withdraw.Current() {
		t.Errorf("withdrawal: %+v, %v", withdraw, err)
	}
	_, err = Supersede(old, ObservationCorrection{IndicatorCode: old.IndicatorCode, Answer: IndicatorYes, RecordedByID: 12}, nil)
	requireFieldErr(t, err, "correction_reason", "required")
	_, err = Supersede(old, ObservationCorrection{IndicatorCode: "x", Answer: IndicatorYes, Reason: "r", RecordedByID: 12}, nil)
	requireFieldErr(t, err, "indicator_code", "invalid_choice")
	_, err = Supersede(IndicatorObservation{}, ObservationCorrection{IndicatorCode: ILODeception, Answer: IndicatorYes, Reason: "r", RecordedByID: 1}, nil)
	requireKindCode(t, err, KindNotFound, "not_found")
}

func TestSignal(t *testing.T) {
	today := obsDay2
	ok := Signal{WorkerID: 7, EmployerID: obsIDPtr(3), Source: SignalNeighbour, ReceivedOn: today,
		Indicators: []string{ILORestrictionOfMovement, "coercion_at_destination.isolation_confinement_or_surveillance"}, RecordedByID: 9}
	with := func(f func(*Signal)) Signal { s := ok; f(&s); return s }
	tests := []struct {
		name      string
		s         Signal
		wantField string
		wantCode  string
	}{
		{"valid", ok, "", ""},
		{"other with detail", with(func(s *Signal) { s.Source, s.SourceDetail = SignalOther, "Parish priest" }), "", ""},
		{"no worker", with(func(s *Signal) { s.WorkerID = 0 }), "worker_id", "required"},
		{"no source", with(func(s *Signal) { s.Source = "" }), "source", "required"},
		{"unknown source", with(func(s *Signal) { s.Source = "rumour" }), "source", "invalid_choice"},
		{"other without detail", with(func(s *Signal) { s.Source = SignalOther }), "source_detail", "required"},
		{"no date", with(func(s *Signal) { s.ReceivedOn = time.Time{} }), "received_on", "required"},
		{"future", with(func(s *Signal) { s.ReceivedOn = today.AddDate(0, 0, 1) }), "received_on", "in_future"},
		{"no indicator", with(func(s *Signal) { s.Indicators = nil }), "indicators", "required"},
		{"unknown indicator", with(func(s *Signal) { s.Indicators = []string{"x"} }), "indicators", "invalid_choice"},
		{"duplicate indicator", with(func(s *Signal) { s.Indicators = []string{ILOIsolation, ILOIsolation} }), "indicators", "duplicate"},
		{"no recorder", with(func(s *Signal) { s.RecordedByID = 0 }), "recorded_by_id", "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireFieldErr(t, tt.s.Validate(today), tt.wantField, tt.wantCode)
		})
	}
	for _, src := range SignalSources {
		if !src.Valid() || src.Label() == string(src) {
			t.Errorf("signal source %s", src)
		}
	}

	s := ok
	sealer := &testSealer{}
	if err := s.SealNote("The neighbour never sees her leave the house.", sealer); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(s.Note, []byte("neighbour")) || !bytes.Equal(sealer.aads[0], SignalNoteAAD(s)) {
		t.Error("signal note not sealed with its AAD")
	}
	if err := s.SealNote("x", nil); err == nil {
		t.Error("note sealed without a sealer")
	}
	if err := s.SealNote("", nil); err != nil || s.Note != nil {
		t.Error("an empty note should leave Note nil")
	}

	if _, err := ObservationsFromSignal(s); err == nil {
		t.Error("observations from an unstored signal")
	}
	s.ID = 55
	obs, err := ObservationsFromSignal(s)
	if err != nil || len(obs) != 2 {
		t.Fatalf("got %d observations, %v", len(obs), err)
	}
	for _, o := range obs {
		if err := o.Validate(); err != nil {
			t.Error(err)
		}
		if o.Source != ObservationFromSignal || *o.SignalID != 55 || o.SignalSource != SignalNeighbour || o.Note != nil ||
			o.WorkerID != 7 || *o.EmployerID != 3 || !o.ObservedOn.Equal(today) || o.Answer != IndicatorYes {
			t.Errorf("signal observation: %+v", o)
		}
	}
	if obs[1].Grade != GradeStrong {
		t.Errorf("grade of %s = %q", obs[1].IndicatorCode, obs[1].Grade)
	}
}

// history builds a worker's history with one correction chain:
// 1 (isolation, interview, 2026) superseded by 4 (restriction of movement),
// 2 (debt bondage, strong, interview, 2026),
// 3 (isolation, neighbour signal, 2027),
// 5 (withholding of wages, police signal, 2027) superseded by 6 (withdrawn).
func sampleHistory() []IndicatorObservation {
	iv := func(id int64, code string, day time.Time) IndicatorObservation {
		ind, _ := LookupIndicator(code)
		return IndicatorObservation{ID: id, WorkerID: 7, EmployerID: obsIDPtr(3), Taxonomy: ind.Taxonomy, IndicatorCode: code,
			Answer: IndicatorYes, Grade: ind.Grade, Source: ObservationFromInterview, InterviewID: obsIDPtr(41), ObservedOn: day, RecordedByID: 9}
	}
	sig := func(id int64, code string, src SignalSource, day time.Time) IndicatorObservation {
		o := iv(id, code, day)
		o.Source, o.InterviewID, o.SignalID, o.SignalSource = ObservationFromSignal, nil, obsIDPtr(id*10), src
		return o
	}
	o1 := iv(1, ILOIsolation, obsDay1)
	o2 := iv(2, "coercion_at_destination.debt_bondage", obsDay1)
	o3 := sig(3, ILOIsolation, SignalNeighbour, obsDay2)
	o4 := iv(4, ILORestrictionOfMovement, obsDay1)
	o4.SupersedesID, o4.CorrectionReason = obsIDPtr(1), "wrong indicator"
	o5 := sig(5, ILOWithholdingOfWages, SignalPolice, obsDay2)
	o6 := o5
	o6.ID, o6.Answer, o6.SupersedesID, o6.CorrectionReason = 6, IndicatorNo, obsIDPtr(5), "police withdrew the report"
	return []IndicatorObservation{o1, o2, o3, o4, o5, o6}
}

func TestTimeline(t *testing.T) {
	ids := func(es []TimelineEntry) []int64 {
		var out []int64
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	tests := []struct {
		name string
		f    TimelineFilter
		want []int64
	}{
		{"current only, newest first", TimelineFilter{}, []int64{6, 3, 4, 2}},
		{"with superseded", TimelineFilter{IncludeSuperseded: true}, []int64{6, 5, 3, 4, 2, 1}},
		{"by indicator", TimelineFilter{IndicatorCodes: []string{ILOIsolation}}, []int64{3}},
		{"by indicator, superseded too", TimelineFilter{IndicatorCodes: []string{ILOIsolation}, IncludeSuperseded: true}, []int64{3, 1}},
		{"by source", TimelineFilter{Sources: []ObservationSource{ObservationFromInterview}}, []int64{4, 2}},
		{"by signal source", TimelineFilter{SignalSources: []SignalSource{SignalNeighbour}}, []int64{3}},
		{"by two indicators", TimelineFilter{IndicatorCodes: []string{ILORestrictionOfMovement, "coercion_at_destination.debt_bondage"}}, []int64{4, 2}},
		{"nothing matches", TimelineFilter{IndicatorCodes: []string{ILODeception}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Timeline(sampleHistory(), tt.f)
			if !slices.Equal(ids(got), tt.want) {
				t.Errorf("got %v, want %v", ids(got), tt.want)
			}
		})
	}
	all := Timeline(sampleHistory(), TimelineFilter{IncludeSuperseded: true})
	for _, e := range all {
		wantBy := map[int64]int64{1: 4, 5: 6}[e.ID]
		if e.Superseded != (wantBy != 0) || e.SupersededByID != wantBy {
			t.Errorf("entry %d: superseded=%v by %d, want by %d", e.ID, e.Superseded, e.SupersededByID, wantBy)
		}
	}
}

func TestCTDCSummary(t *testing.T) {
	got := CTDCSummary(sampleHistory())
	// Current yes answers: restriction of movement (4), debt bondage (2),
	// isolation (3). Withholding of wages was withdrawn; isolation 1 was
	// superseded but 3 still maps to RestrictsMovement.
	want := map[CTDCField]bool{CTDCRestrictsMovement: true, CTDCDebtBondage: true}
	if len(got) != len(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for f := range want {
		if !got[f] {
			t.Errorf("missing %s", f)
		}
	}
}

func TestEmployerAlert(t *testing.T) {
	obs := func(id, worker, employer int64, code string, answer IndicatorAnswer) IndicatorObservation {
		ind, _ := LookupIndicator(code)
		return IndicatorObservation{ID: id, WorkerID: worker, EmployerID: obsIDPtr(employer), Taxonomy: ind.Taxonomy, IndicatorCode: code,
			Answer: answer, Grade: ind.Grade, Source: ObservationFromInterview, InterviewID: obsIDPtr(id), ObservedOn: obsDay1, RecordedByID: 9}
	}
	strong := "coercion_at_destination.violence_on_victims"
	medium := "exploitative_conditions.low_or_no_salary"
	superseding := func(o IndicatorObservation, id, of int64, answer IndicatorAnswer) IndicatorObservation {
		o.ID, o.SupersedesID, o.Answer, o.CorrectionReason = id, obsIDPtr(of), answer, "r"
		return o
	}
	tests := []struct {
		name        string
		in          []IndicatorObservation
		wantReasons []string
		wantWorkers []int64 // of the first reason
	}{
		{"nothing", nil, nil, nil},
		{"one worker, medium and ILO", []IndicatorObservation{obs(1, 10, 3, medium, IndicatorYes), obs(2, 10, 3, ILOIsolation, IndicatorYes)}, nil, nil},
		{"two workers", []IndicatorObservation{obs(1, 10, 3, medium, IndicatorYes), obs(2, 11, 3, ILOIsolation, IndicatorUnclear)},
			[]string{AlertSeveralWorkers}, []int64{10, 11}},
		{"one strong indicator", []IndicatorObservation{obs(1, 10, 3, strong, IndicatorYes)}, []string{AlertStrongIndicator}, []int64{10}},
		{"unclear strong still alerts", []IndicatorObservation{obs(1, 10, 3, strong, IndicatorUnclear)}, []string{AlertStrongIndicator}, []int64{10}},
		{"both", []IndicatorObservation{obs(1, 10, 3, strong, IndicatorYes), obs(2, 12, 3, medium, IndicatorYes)},
			[]string{AlertSeveralWorkers, AlertStrongIndicator}, []int64{10, 12}},
		{"other employer's workers do not count", []IndicatorObservation{obs(1, 10, 3, medium, IndicatorYes), obs(2, 11, 4, medium, IndicatorYes)}, nil, nil},
		{"observation without employer ignored", []IndicatorObservation{obs(1, 10, 3, medium, IndicatorYes),
			func() IndicatorObservation { o := obs(2, 11, 0, medium, IndicatorYes); o.EmployerID = nil; return o }()}, nil, nil},
		{"withdrawn strong does not count", []IndicatorObservation{obs(1, 10, 3, strong, IndicatorYes), superseding(obs(1, 10, 3, strong, IndicatorYes), 2, 1, IndicatorNo)}, nil, nil},
		{"superseded second worker does not count", []IndicatorObservation{obs(1, 10, 3, medium, IndicatorYes), obs(2, 11, 3, medium, IndicatorYes),
			superseding(obs(2, 11, 3, medium, IndicatorYes), 3, 2, IndicatorNo)}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := EmployerAlertFor(3, tt.in)
			var codes []string
			for _, r := range a.Reasons {
				codes = append(codes, r.Code)
				if !strings.Contains(r.Message, "{{.count}}") || r.Args["count"] == nil {
					t.Errorf("%s: message %q args %v", r.Code, r.Message, r.Args)
				}
			}
			if !slices.Equal(codes, tt.wantReasons) || a.Raised() != (len(tt.wantReasons) > 0) || a.EmployerID != 3 {
				t.Fatalf("reasons %v raised %v, want %v", codes, a.Raised(), tt.wantReasons)
			}
			if len(a.Reasons) > 0 && !slices.Equal(a.Reasons[0].WorkerIDs, tt.wantWorkers) {
				t.Errorf("workers %v, want %v", a.Reasons[0].WorkerIDs, tt.wantWorkers)
			}
		})
	}

	mission := []IndicatorObservation{
		obs(1, 10, 3, medium, IndicatorYes), obs(2, 11, 3, medium, IndicatorYes), // employer 3: two workers
		obs(3, 20, 4, medium, IndicatorYes), // employer 4: nothing
		obs(4, 30, 5, strong, IndicatorYes), // employer 5: strong
	}
	alerts := EmployerAlerts(mission)
	if len(alerts) != 2 || alerts[0].EmployerID != 3 || alerts[1].EmployerID != 5 {
		t.Errorf("mission alerts: %+v", alerts)
	}
}

func TestEmployerRestriction(t *testing.T) {
	from := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	until := time.Date(2027, 8, 31, 0, 0, 0, 0, time.UTC)
	r := EmployerRestriction{ID: 1, EmployerID: 3, Kind: RestrictionNoNewPrivateServants,
		Reason: "Decision of 1 March 2027 following a social-inspection report", From: from, Until: &until, DecidedByID: 2}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	with := func(f func(*EmployerRestriction)) EmployerRestriction { c := r; f(&c); return c }
	bad := []struct {
		name, field, code string
		r                 EmployerRestriction
	}{
		{"no employer", "employer_id", "required", with(func(c *EmployerRestriction) { c.EmployerID = 0 })},
		{"no kind", "kind", "invalid_choice", with(func(c *EmployerRestriction) { c.Kind = "" })},
		{"no reason", "reason", "required", with(func(c *EmployerRestriction) { c.Reason = " " })},
		{"no start", "from", "required", with(func(c *EmployerRestriction) { c.From = time.Time{} })},
		{"ends before it starts", "until", "before_start", with(func(c *EmployerRestriction) { d := from.AddDate(0, 0, -1); c.Until = &d })},
		{"no admin", "decided_by_id", "required", with(func(c *EmployerRestriction) { c.DecidedByID = 0 })},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) { requireFieldErr(t, tt.r.Validate(), tt.field, tt.code) })
	}

	open := with(func(c *EmployerRestriction) { c.Until = nil })
	days := []struct {
		day            time.Time
		active, openOK bool
	}{
		{from.AddDate(0, 0, -1), false, false},
		{from, true, true},
		{from.Add(23 * time.Hour), true, true},
		{until, true, true},
		{until.Add(20 * time.Hour), true, true}, // the last day counts whole
		{until.AddDate(0, 0, 1), false, true},
		{until.AddDate(5, 0, 0), false, true},
	}
	for _, d := range days {
		if r.ActiveOn(d.day) != d.active || open.ActiveOn(d.day) != d.openOK {
			t.Errorf("%s: active %v (open-ended %v), want %v (%v)", d.day, r.ActiveOn(d.day), open.ActiveOn(d.day), d.active, d.openOK)
		}
	}

	restrictions := []EmployerRestriction{r, {ID: 2, EmployerID: 4, Kind: RestrictionNoNewPrivateServants, Reason: "other", From: from}}
	err := CheckEmployerRestrictions(3, restrictions, from.AddDate(0, 1, 0))
	requireKindCode(t, err, KindConflict, "employer_restricted")
	var e *Error
	errors.As(err, &e)
	if e.Args["reason"] != r.Reason || e.Args["since"] != "2027-03-01" || e.Args["until"] != "2027-08-31" || !strings.Contains(e.Message, "{{.reason}}") {
		t.Errorf("error does not carry the reason and dates: %+v", e)
	}
	for name, check := range map[string]error{
		"before":         CheckEmployerRestrictions(3, restrictions, from.AddDate(0, 0, -1)),
		"after":          CheckEmployerRestrictions(3, restrictions, until.AddDate(0, 0, 1)),
		"other employer": CheckEmployerRestrictions(5, restrictions, from),
		"none":           CheckEmployerRestrictions(3, nil, from),
	} {
		if check != nil {
			t.Errorf("%s: %v", name, check)
		}
	}
	if err := CheckEmployerRestrictions(4, restrictions, until.AddDate(3, 0, 0)); ErrorCode(err) != "employer_restricted" {
		t.Errorf("open-ended restriction lapsed: %v", err)
	}

	admin := Actor{User: &User{ID: 2, Active: true, Roles: []Role{RoleAdmin}}}
	clerk := Actor{User: &User{ID: 5, Active: true, Roles: []Role{RoleClerk}}}
	if err := CanRestrictEmployer(admin, r); err != nil {
		t.Errorf("admin: %v", err)
	}
	requireKindCode(t, CanRestrictEmployer(clerk, r), KindForbidden, "forbidden")
	requireFieldErr(t, CanRestrictEmployer(admin, with(func(c *EmployerRestriction) { c.Reason = "" })), "reason", "required")
}

func TestActiveEmployerRestriction(t *testing.T) {
	from := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	rs := []EmployerRestriction{
		{ID: 1, EmployerID: 3, Kind: RestrictionNoNewPrivateServants, Reason: "first", From: from},
		{ID: 2, EmployerID: 4, Kind: RestrictionNoNewPrivateServants, Reason: "other", From: from},
	}
	if r, ok := ActiveEmployerRestriction(3, rs, from); !ok || r.ID != 1 {
		t.Errorf("got %+v, %v", r, ok)
	}
	if _, ok := ActiveEmployerRestriction(3, rs, from.AddDate(0, 0, -1)); ok {
		t.Error("active before it starts")
	}
	if _, ok := ActiveEmployerRestriction(5, rs, from); ok {
		t.Error("active for another employer")
	}
}
