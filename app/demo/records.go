package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// A tiny PDF, so demo documents open in a viewer.
var demoPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj " +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

// loadRecords creates missions, employers, workers and applications in every
// stage of the workflow. Older records are made with the store's clock set in
// the past, so a card is due for renewal today.
func loadRecords(ctx context.Context, st *store.Store, clerk, interviewer, admin *models.User) error {
	realNow := st.Now
	defer func() { st.Now = realNow }()
	now := realNow()
	at := func(t time.Time) { st.Now = func() time.Time { return t } }
	c, iv := models.Actor{User: clerk, Via: "demo"}, models.Actor{User: interviewer, Via: "demo"}
	_ = admin

	type person struct {
		family, given, nat, passport, langs string
		born                                time.Time
		sex                                 models.Sex
	}
	missions := []models.Mission{
		{Name: "Embassy of the Republic of the Philippines", Kind: models.MissionEmbassy, CountryCode: "PH"},
		{Name: "Embassy of the Republic of Indonesia", Kind: models.MissionEmbassy, CountryCode: "ID"},
		{Name: "Permanent Mission of the Federal Democratic Republic of Ethiopia", Kind: models.MissionEmbassy, CountryCode: "ET"},
		{Name: "Consulate General of Viet Nam", Kind: models.MissionConsulate, CountryCode: "VN"},
	}
	at(now.AddDate(-1, 0, -20))
	for i := range missions {
		if err := st.Missions.Create(ctx, c, &missions[i]); err != nil {
			return fmt.Errorf("mission: %w", err)
		}
	}
	employers := []models.Employer{
		{MissionID: missions[0].ID, FamilyName: "Dela Cruz", GivenNames: "Ramon", Title: "Ambassador", HeadOfMission: true, EntitledToPrivateServant: true},
		{MissionID: missions[1].ID, FamilyName: "Wibowo", GivenNames: "Sari", Title: "Minister Counsellor", EntitledToPrivateServant: true},
		{MissionID: missions[2].ID, FamilyName: "Tesfaye", GivenNames: "Dawit", Title: "First Secretary", EntitledToPrivateServant: true},
		{MissionID: missions[3].ID, FamilyName: "Trần", GivenNames: "Văn Minh", Title: "Consul General", HeadOfMission: true, EntitledToPrivateServant: true},
		{MissionID: missions[1].ID, FamilyName: "Halim", GivenNames: "Budi", Title: "Attaché", EntitledToPrivateServant: false},
	}
	for i := range employers {
		if err := st.Employers.Create(ctx, c, &employers[i]); err != nil {
			return fmt.Errorf("employer: %w", err)
		}
	}
	people := []person{
		{"Santos", "Maria Luz", "PH", "P4829301A", "tl,en", time.Date(1984, 3, 12, 0, 0, 0, 0, time.UTC), models.SexFemale},
		{"Lestari", "Dewi", "ID", "C7712093", "id", time.Date(1990, 7, 2, 0, 0, 0, 0, time.UTC), models.SexFemale},
		{"Bekele", "Tigist", "ET", "EP1934552", "am", time.Date(1993, 11, 23, 0, 0, 0, 0, time.UTC), models.SexFemale},
		{"Nguyễn", "Thị Hoa", "VN", "B8823107", "vi", time.Date(1979, 1, 30, 0, 0, 0, 0, time.UTC), models.SexFemale},
		{"Reyes", "Jocelyn", "PH", "P5510027B", "tl,en", time.Date(1988, 9, 5, 0, 0, 0, 0, time.UTC), models.SexFemale},
		{"Haile", "Meron", "ET", "EP2207781", "am,en", time.Date(1996, 2, 14, 0, 0, 0, 0, time.UTC), models.SexFemale},
	}
	ibans := []string{"BE68539007547034", "BE71096123456769", "BE62510007547061", "BE43068999999501", "BE79091700059133", "BE14063123456783"}
	workers := make([]models.Worker, len(people))
	jobs := make([]models.Employment, len(people))
	for i, p := range people {
		passport := p.passport
		if i == 3 {
			passport = demoTypoPassport // corrected in loadHistory
		}
		workers[i] = models.Worker{FamilyName: p.family, GivenNames: p.given, DateOfBirth: p.born, Sex: p.sex, Nationality: p.nat,
			PassportNumber: passport, PassportExpiresOn: now.AddDate(4, 0, 0), Languages: p.langs, Phone: fmt.Sprintf("+3247012345%d", i),
			IBAN: ibans[i], AccountInSoleName: true, ResidenceStatus: models.ResidenceSpecialIDPending}
		if err := st.Workers.Create(ctx, c, &workers[i]); err != nil {
			return fmt.Errorf("worker %s: %w", p.family, err)
		}
		employer := employers[i%4]
		if i == 5 {
			// Haile works for the Trần household: a head of mission may have
			// three servants, and the Wibowo household (cap 1) already has
			// Lestari's application in progress.
			employer = employers[3]
		}
		jobs[i] = models.Employment{WorkerID: workers[i].ID, EmployerID: employer.ID, StartsOn: models.CalendarDay(now.AddDate(-1, 0, -15)),
			JobCategory: []models.JobCategory{models.JobHousehold, models.JobCleaning, models.JobChildcare}[i%3], WeeklyHours: 38, LiveIn: i%2 == 0}
		if err := st.Employments.Create(ctx, c, &jobs[i]); err != nil {
			return fmt.Errorf("employment: %w", err)
		}
	}
	// Reyes works for the Wibowo household too (the household cap is one:
	// her application would be refused there, so she works for Dela Cruz).
	open := func(job models.Employment, withDocs bool) (int64, error) {
		app, err := st.Applications.Open(ctx, c, models.ApplicationFirstIssuance, job.ID, nil)
		if err != nil {
			return 0, err
		}
		if withDocs {
			for _, k := range models.RequiredDocuments(models.ApplicationFirstIssuance) {
				if _, err := st.Applications.AttachDocument(ctx, c, app.ID, k, string(k)+".pdf", demoPDF); err != nil {
					return 0, err
				}
			}
		}
		return app.ID, nil
	}
	// interview books and records a private interview; content, if not nil,
	// adds answers and notes to an otherwise unremarkable record.
	interview := func(id int64, when time.Time, outcome models.InterviewOutcome, content func(*models.InterviewRecording)) error {
		at(when)
		sched, err := st.Interviews.Schedule(ctx, c, id, interviewer.ID, when.Add(30*time.Minute), "Egmont II, room 0.14")
		if err != nil {
			return err
		}
		at(when.Add(90 * time.Minute))
		r := demoRecord(when.Add(40*time.Minute), outcome)
		if content != nil {
			content(&r)
		}
		_, err = st.Interviews.Record(ctx, iv, sched.ID, r)
		return err
	}

	// contract generates the standard contract of application id at a
	// salary above the seed scale's minimum, in French with second beside
	// it: no application is submitted without one.
	contract := func(id int64, i int, function, address, second, repatriation string) error {
		board := salaryscales.BoardTerms{Breakfast: true, Midday: true, Evening: true, Lodging: jobs[i].LiveIn}
		_, err := st.Contracts.Generate(ctx, c, id, salaryscales.ContractTerms{
			Language: "fr", SecondLanguage: second, GrossMonthly: 215000, Board: board,
			EmployerFunction: function, EmployerAddress: address, WorkerAddress: address, Workplace: address,
			Duties: "cleaning the residence, laundry and ironing", Place: "Brussels",
			DaysPerWeek: 5, RestDays: []time.Weekday{time.Saturday, time.Sunday}, AnnualLeaveDays: 20,
			RepatriationTo: repatriation,
		})
		return err
	}

	// 1. Santos: card issued a year ago, collected, due for renewal now.
	at(now.AddDate(-1, 0, 10))
	id, err := open(jobs[0], true)
	if err != nil {
		return fmt.Errorf("demo application 1: %w", err)
	}
	if err := contract(id, 0, "Ambassador", "Avenue Molière 100, 1050 Ixelles", "tl", "Manila, Philippines"); err != nil {
		return fmt.Errorf("demo contract 1: %w", err)
	}
	// Her photo, taken at the counter: the producer prints her card's
	// layout with it (/cards/:id/layout.pdf).
	if _, err := st.Applications.AttachDocument(ctx, c, id, models.DocWorkerPhoto, "photo.png", demoPhoto()); err != nil {
		return fmt.Errorf("demo photo 1: %w", err)
	}
	if err := st.Applications.Submit(ctx, c, id); err != nil {
		return fmt.Errorf("demo submit 1: %w", err)
	}
	// Cleared, with a doubt about her hours that the interviewer of her
	// renewal will see first.
	if err := interview(id, now.AddDate(-1, 0, 12), models.OutcomeCleared, func(r *models.InterviewRecording) {
		setAnswer(r, models.ILOExcessiveOvertime, models.IndicatorUnclear,
			"Says she works until late when the family receives guests, several evenings a week; rest days are taken. Ask again at the renewal.")
	}); err != nil {
		return fmt.Errorf("demo interview 1: %w", err)
	}
	at(now.AddDate(-1, 0, 13))
	card, err := st.Cards.Issue(ctx, c, id)
	if err != nil {
		return fmt.Errorf("demo issue 1: %w", err)
	}
	at(now.AddDate(-1, 0, 14))
	if _, err := st.Cards.Collect(ctx, c, card.ID, models.Collection{IdentityDocumentKind: models.IDPassport,
		IdentityDocumentNumber: workers[0].PassportNumber, HandedToWorkerInPerson: true}); err != nil {
		return fmt.Errorf("demo collect 1: %w", err)
	}

	// 2. Lestari: interviewed and cleared last week: a clerk can issue.
	at(now.AddDate(0, 0, -8))
	if id, err = open(jobs[1], true); err != nil {
		return err
	}
	// Her standard contract, generated from the scale in force, in French
	// with its Indonesian translation beside it (she reads Indonesian only).
	if _, err := st.Contracts.Generate(ctx, c, id, salaryscales.ContractTerms{
		Language: "fr", SecondLanguage: "id", GrossMonthly: 215000,
		Board:            salaryscales.BoardTerms{Breakfast: true, Midday: true, Evening: true},
		EmployerFunction: "Minister Counsellor", EmployerAddress: "Avenue de Tervueren 294, 1150 Woluwe-Saint-Pierre",
		WorkerAddress: "Avenue de Tervueren 294, 1150 Woluwe-Saint-Pierre", Workplace: "Avenue de Tervueren 294, 1150 Woluwe-Saint-Pierre",
		Duties: "cleaning the residence, laundry and ironing", Place: "Brussels",
		DaysPerWeek: 5, RestDays: []time.Weekday{time.Saturday, time.Sunday}, AnnualLeaveDays: 20,
		RepatriationTo: "Jakarta, Indonesia",
	}); err != nil {
		return fmt.Errorf("demo contract 2: %w", err)
	}
	if err := st.Applications.Submit(ctx, c, id); err != nil {
		return fmt.Errorf("demo submit 2: %w", err)
	}
	if err := interview(id, now.AddDate(0, 0, -7), models.OutcomeCleared, nil); err != nil {
		return fmt.Errorf("demo interview 2: %w", err)
	}

	// 3. Bekele: submitted, interview booked for a quarter of an hour after
	// the demo is loaded (an interview is recorded at most
	// InterviewEarlyMinutes before its time).
	at(now.AddDate(0, 0, -2))
	if id, err = open(jobs[2], true); err != nil {
		return err
	}
	if err := contract(id, 2, "First Secretary", "Avenue Franklin Roosevelt 32, 1050 Brussels", "am", "Addis Ababa, Ethiopia"); err != nil {
		return fmt.Errorf("demo contract 3: %w", err)
	}
	if err := st.Applications.Submit(ctx, c, id); err != nil {
		return fmt.Errorf("demo submit 3: %w", err)
	}
	soon := now.Add(15 * time.Minute).Truncate(time.Minute)
	if _, err := st.Interviews.Book(ctx, c, id, models.InterviewBooking{InterviewerID: interviewer.ID, At: soon, Room: "Egmont II, room 0.14",
		Interpreter: &models.Interpreter{Language: "am", NameOrService: "Interpreting service of the FPS Justice"}}); err != nil {
		return fmt.Errorf("demo schedule 3: %w", err)
	}

	// 4. Nguyễn: draft, documents still missing.
	at(now.AddDate(0, 0, -1))
	if id, err = open(jobs[3], false); err != nil {
		return err
	}
	if _, err := st.Applications.AttachDocument(ctx, c, id, models.DocNoteVerbale, "note-verbale.pdf", demoPDF); err != nil {
		return err
	}
	if _, err := st.Applications.AttachDocument(ctx, c, id, models.DocPassportCopy, "passport.pdf", demoPDF); err != nil {
		return err
	}
	// 5. Reyes: registered with an employment, no application yet; an NGO
	// reported that she cannot go out. With Santos's doubt, the Dela Cruz
	// household now has observations for two workers: the employer alert.
	at(now.AddDate(0, -2, 0))
	if _, err := st.History.RecordSignal(ctx, iv, models.Signal{WorkerID: workers[4].ID, Source: models.SignalNGO, SourceDetail: "Filipino community helpline",
		ReceivedOn: now.AddDate(0, -2, 0), Indicators: []string{models.ILORestrictionOfMovement, models.ILOIsolation}},
		"A volunteer reports that Jocelyn is never seen outside the residence and that her phone is kept by the household."); err != nil {
		return fmt.Errorf("demo signal 5: %w", err)
	}

	// 6. Haile: interviewed three days ago with concerns; referred to
	// PAG-ASA. The application is on hold until an admin decides.
	at(now.AddDate(0, 0, -5))
	if id, err = open(jobs[5], true); err != nil {
		return err
	}
	if err := contract(id, 5, "Consul General", "Avenue de la Toison d'Or 52, 1060 Saint-Gilles", "am", "Addis Ababa, Ethiopia"); err != nil {
		return fmt.Errorf("demo contract 6: %w", err)
	}
	if err := st.Applications.Submit(ctx, c, id); err != nil {
		return fmt.Errorf("demo submit 6: %w", err)
	}
	held := now.AddDate(0, 0, -3)
	if err := interview(id, held, models.OutcomeReferral, func(r *models.InterviewRecording) {
		r.Interpreter = &models.Interpreter{Language: "am", NameOrService: "Interpreting service of the FPS Justice"}
		r.Attestations.InterpreterIndependent = true
		r.Checklist[0] = models.ChecklistEntry{Item: models.ChecklistHoldsOwnPassport, Answer: models.ChecklistNo,
			Note: "The passport is kept by the employer's wife \"for safety\"."}
		r.Checklist[2] = models.ChecklistEntry{Item: models.ChecklistOwnBankCardPaidAsAgreed, Answer: models.ChecklistNo,
			Note: "Paid EUR 300 a month in cash; the bank card is with the employer."}
		setAnswer(r, models.ILORetentionOfIdentityDocuments, models.IndicatorYes, "")
		setAnswer(r, models.ILOWithholdingOfWages, models.IndicatorYes, "Four months unpaid since January, according to the worker.")
		setAnswer(r, "coercion_at_destination.confiscation_of_documents", models.IndicatorYes, "")
		setAnswer(r, "exploitative_conditions.low_or_no_salary", models.IndicatorYes, "")
		r.Notes = "Worker was anxious and asked twice whether her employer would be told. PAG-ASA called during the interview; she agreed to meet them."
		r.Referral = &models.Referral{Partner: models.PartnerPagAsa, Date: models.CalendarDay(held), Contact: "PAG-ASA intake desk", Reference: "PA-DEMO-001"}
	}); err != nil {
		return fmt.Errorf("demo interview 6: %w", err)
	}
	return loadHistory(ctx, st, c, now, at, workers, employers)
}

// demoRecord is an unremarkable, complete interview record: every
// attestation given, the checklist all yes, the ILO indicators all no.
func demoRecord(heldAt time.Time, outcome models.InterviewOutcome) models.InterviewRecording {
	r := models.InterviewRecording{
		HeldAt: heldAt,
		Attestations: models.InterviewAttestations{EmployerAndMissionAbsent: true, WorkerInformedOfRights: true, RightsLanguage: "en",
			LeafletHandedOver: true, LeafletLanguage: "en"},
		Outcome: outcome,
	}
	for _, item := range models.ChecklistItems {
		r.Checklist = append(r.Checklist, models.ChecklistEntry{Item: item, Answer: models.ChecklistYes})
	}
	for _, ind := range models.Indicators(models.TaxonomyILOForcedLabour) {
		r.Indicators = append(r.Indicators, models.IndicatorResponse{Code: ind.Code, Answer: models.IndicatorNo})
	}
	return r
}

// setAnswer answers one indicator of r.
func setAnswer(r *models.InterviewRecording, code string, a models.IndicatorAnswer, note string) {
	for i := range r.Indicators {
		if r.Indicators[i].Code == code {
			r.Indicators[i].Answer, r.Indicators[i].Note = a, note
			return
		}
	}
	r.Indicators = append(r.Indicators, models.IndicatorResponse{Code: code, Answer: a, Note: note})
}
