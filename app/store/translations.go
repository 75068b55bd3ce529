package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/contracts"
	"github.com/carddesk/carddesk/models"
)

// The documents' texts as data (issue 11): each language's text file kept as
// versions (models/translation.go), the release's file the first, admins'
// uploads the later ones; the version in use (the highest publication) is
// what every PDF prints.

type translationVersionRow models.TranslationVersion

func (translationVersionRow) TableName() string { return "translation_versions" }

func (r translationVersionRow) model() models.TranslationVersion { return models.TranslationVersion(r) }

// TranslationView is a version with the names of who uploaded and published
// it and where it stands.
type TranslationView struct {
	models.TranslationVersion
	CreatedByName, PublishedByName string
	InUse                          bool
}

// Draft reports whether the version is a draft.
func (v TranslationView) Draft() bool { return v.Status == models.TranslationDraft }

// Discarded reports whether the draft was set aside.
func (v TranslationView) Discarded() bool { return v.Status == models.TranslationDiscarded }

// Reviewed reports whether the version prints on its own.
func (v TranslationView) Reviewed() bool { return v.Review.Reviewed() }

// TranslationLanguage is one language of the catalogue with the version of
// its texts in use and its drafts.
type TranslationLanguage struct {
	Language models.Language
	InUse    *TranslationView // nil: no text in this language yet
	Drafts   int
}

// textSet parses a version's file and gives it the version's credit (the
// columns, not the file's own header, say who translated and reviewed).
// A version never changes, so its parse is kept by id.
func (s *core) textSet(r translationVersionRow) (*contracts.TextSet, error) {
	if r.ID > 0 {
		if t, ok := s.parsedTexts.Load(r.ID); ok {
			return t.(*contracts.TextSet), nil
		}
	}
	t, err := parseTextSet(r.Language, []byte(r.Content), r.Translator, r.ReviewedBy, r.Review)
	if err != nil {
		return nil, fmt.Errorf("translation version %d: %w", r.ID, err)
	}
	if r.ID > 0 {
		s.parsedTexts.Store(r.ID, t)
	}
	return t, nil
}

func parseTextSet(lang string, content []byte, translator, reviewedBy string, review models.TranslationReview) (*contracts.TextSet, error) {
	t, err := contracts.ParseTextSet(lang, content)
	if err != nil {
		return nil, err
	}
	t.Translator, t.ReviewedBy, t.Status = translator, reviewedBy, string(review)
	return t, nil
}

// documentsOf lists the documents a set holds texts for.
func documentsOf(t *contracts.TextSet) string {
	var out []string
	for _, d := range []struct {
		name string
		keys map[string]string
	}{{"leaflet", t.Leaflet}, {"summons", t.Summons}, {"contract", t.Contract}} {
		if len(d.keys) > 0 {
			out = append(out, d.name)
		}
	}
	return strings.Join(out, ",")
}

// inUseQuery selects the version in use of each language.
func inUseQuery(tx *gorm.DB) *gorm.DB {
	return tx.Where(`status = 'published' AND publication = (SELECT max(t2.publication) FROM translation_versions t2
		WHERE t2.language = translation_versions.language AND t2.status = 'published')`)
}

// inUse returns the published versions with the highest publication of
// each language (of langs, or all when none is given).
func inUseTranslations(tx *gorm.DB, langs ...string) ([]translationVersionRow, error) {
	q := inUseQuery(tx)
	if len(langs) > 0 {
		q = q.Where("language IN ?", langs)
	}
	var rows []translationVersionRow
	if err := q.Order("language").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("translations in use: %w", err)
	}
	return rows, nil
}

// library is the texts every PDF prints: the published versions in use,
// over the embedded files for a language with none. Only the ids are read
// each time; a version's text is read and parsed once (it never changes).
func (s *core) library(tx *gorm.DB) (*contracts.Library, error) {
	var ids []int64
	if err := inUseQuery(tx).Model(&translationVersionRow{}).Order("language").Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("translations in use: %w", err)
	}
	sets := make([]*contracts.TextSet, 0, len(ids))
	var missing []int64
	for _, id := range ids {
		if t, ok := s.parsedTexts.Load(id); ok {
			sets = append(sets, t.(*contracts.TextSet))
		} else {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		var rows []translationVersionRow
		if err := tx.Where("id IN ?", missing).Find(&rows).Error; err != nil {
			return nil, fmt.Errorf("translations in use: %w", err)
		}
		for _, r := range rows {
			t, err := s.textSet(r)
			if err != nil {
				return nil, err
			}
			sets = append(sets, t)
		}
	}
	return contracts.NewLibrary(sets...), nil
}

// Library returns the texts in use. The texts are public (they are handed to
// every worker), so no permission is asked.
func (s *Translations) Library(ctx context.Context) (*contracts.Library, error) {
	return s.library(s.db.WithContext(ctx))
}

// releaseTranslator credits the Directorate's own texts.
const releaseTranslator = "Protocol Directorate (original text)"

// Seed takes the text files the release carries as versions: a language
// with no version gets its file as version 1; a language whose text in use
// is an earlier release's file gets this release's file published after
// it; a language whose text in use an admin uploaded gets this release's
// file as a draft to compare and publish (or discard), never over the
// admin's text. It runs at every migration; a file already taken is skipped.
func (s *Translations) Seed(ctx context.Context) (int, error) {
	files := map[string][]byte{}
	for _, lang := range contracts.EmbeddedLanguages() {
		files[lang], _ = contracts.EmbeddedText(lang)
	}
	return s.seed(ctx, files)
}

// seed takes files (language code → TOML) as the release's texts.
func (s *Translations) seed(ctx context.Context, files map[string][]byte) (int, error) {
	actor := models.System("migrate")
	var n int
	err := s.transact(ctx, func(tx *gorm.DB) error {
		if s.engine == Postgres { // concurrent first starts take turns
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", translationSeedLockID).Error; err != nil {
				return fmt.Errorf("lock translation seed: %w", err)
			}
		}
		// The release's files already taken, in one read: at every start
		// that is all there is to do (issue 14).
		var taken []struct{ Language, SHA256 string }
		if err := tx.Model(&translationVersionRow{}).Select("language, sha256").Where("source = 'release'").
			Scan(&taken).Error; err != nil {
			return fmt.Errorf("seed translations: %w", err)
		}
		isTaken := map[[2]string]bool{}
		for _, t := range taken {
			isTaken[[2]string{t.Language, t.SHA256}] = true
		}
		var current map[string]translationVersionRow // the versions in use, read if a file is new
		var seeded []string
		langs := make([]string, 0, len(files))
		for lang := range files {
			langs = append(langs, lang)
		}
		slices.Sort(langs)
		for _, lang := range langs {
			content := files[lang]
			sum := sha256.Sum256(content)
			hash := hex.EncodeToString(sum[:])
			if isTaken[[2]string{lang, hash}] {
				continue
			}
			if current == nil {
				rows, err := inUseTranslations(tx)
				if err != nil {
					return err
				}
				current = map[string]translationVersionRow{}
				for _, r := range rows {
					current[r.Language] = r
				}
			}
			set, err := contracts.ParseTextSet(lang, content)
			if err != nil {
				return fmt.Errorf("seed translation %s: %w", lang, err)
			}
			credit := models.TranslationCredit{Translator: set.Translator, ReviewedBy: set.ReviewedBy, Sworn: set.Status == "reviewed"}
			if credit.Translator == "" {
				credit.Translator = releaseTranslator
			}
			row := translationVersionRow{Language: lang, Status: models.TranslationDraft, Source: models.SourceRelease,
				Content: string(content), SHA256: hash, Documents: documentsOf(set), Translator: credit.Translator,
				ReviewedBy: credit.ReviewedBy, Review: credit.Review(lang), CreatedAt: s.now(),
				Note: "The text file this release carries (contracts/clauses/" + lang + ".toml)."}
			cur, has := current[lang]
			if !has || cur.Source == models.SourceRelease {
				now := s.now()
				row.Status, row.Publication, row.PublishedAt = models.TranslationPublished, cur.Publication+1, &now
			}
			if err := tx.Create(&row).Error; err != nil {
				return fmt.Errorf("seed translation %s: %w", lang, err)
			}
			seeded = append(seeded, fmt.Sprintf("%s (%s)", lang, row.Status))
		}
		n = len(seeded)
		if n == 0 {
			return nil
		}
		return s.audit(tx, actor, "translation.seeded", "translation", "release",
			"texts of the release taken as versions: "+strings.Join(seeded, ", "))
	})
	return n, err
}

// translationSeedLockID is the advisory lock of Seed ("cdtexts").
const translationSeedLockID = 0x63647465_787473

// Languages lists the catalogue's languages with the version in use of each.
func (s *Translations) Languages(ctx context.Context, actor models.Actor) ([]TranslationLanguage, error) {
	if err := actor.Require(models.PermTranslationRead); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	rows, err := inUseTranslations(db)
	if err != nil {
		return nil, err
	}
	views, err := s.translationViews(db, rows, true)
	if err != nil {
		return nil, err
	}
	inUse := map[string]*TranslationView{}
	for i := range views {
		inUse[views[i].Language] = &views[i]
	}
	var drafts []struct {
		Language string
		N        int
	}
	if err := db.Model(&translationVersionRow{}).Select("language, count(*) AS n").Where("status = 'draft'").
		Group("language").Scan(&drafts).Error; err != nil {
		return nil, fmt.Errorf("count translation drafts: %w", err)
	}
	out := make([]TranslationLanguage, 0, len(models.Languages()))
	for _, l := range models.Languages() {
		tl := TranslationLanguage{Language: l, InUse: inUse[l.Code]}
		for _, d := range drafts {
			if d.Language == l.Code {
				tl.Drafts = d.N
			}
		}
		out = append(out, tl)
	}
	return out, nil
}

// translationViews names the users of rows; inUse marks them all in use.
func (s *core) translationViews(tx *gorm.DB, rows []translationVersionRow, inUse bool) ([]TranslationView, error) {
	var ids []int64
	for _, r := range rows {
		for _, id := range []*int64{r.CreatedByID, r.PublishedByID} {
			if id != nil && !slices.Contains(ids, *id) {
				ids = append(ids, *id)
			}
		}
	}
	names := map[int64]string{}
	if len(ids) > 0 {
		users, err := find[models.User, userRow](tx.Select("id, name").Where("id IN ?", ids), "users")
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			names[u.ID] = u.Name
		}
	}
	out := make([]TranslationView, len(rows))
	for i, r := range rows {
		out[i] = TranslationView{TranslationVersion: r.model(), InUse: inUse}
		if r.CreatedByID != nil {
			out[i].CreatedByName = names[*r.CreatedByID]
		}
		if r.PublishedByID != nil {
			out[i].PublishedByName = names[*r.PublishedByID]
		}
	}
	return out, nil
}

// Versions lists a language's versions, newest first.
func (s *Translations) Versions(ctx context.Context, actor models.Actor, lang string) ([]TranslationView, error) {
	if err := actor.Require(models.PermTranslationRead); err != nil {
		return nil, err
	}
	l, ok := models.LanguageByCode(lang)
	if !ok {
		return nil, notFound("language")
	}
	db := s.db.WithContext(ctx)
	var rows []translationVersionRow
	if err := db.Where("language = ?", l.Code).Order("id DESC").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("versions of %s: %w", l.Code, err)
	}
	views, err := s.translationViews(db, rows, false)
	if err != nil {
		return nil, err
	}
	top := 0
	for _, v := range views {
		top = max(top, v.Publication)
	}
	for i := range views {
		views[i].InUse = top > 0 && views[i].Publication == top
	}
	return views, nil
}

// Get returns one version.
func (s *Translations) Get(ctx context.Context, actor models.Actor, id int64) (*TranslationView, error) {
	if err := actor.Require(models.PermTranslationRead); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	r, err := s.translationRow(db, id, false)
	if err != nil {
		return nil, err
	}
	views, err := s.translationViews(db, []translationVersionRow{*r}, false)
	if err != nil {
		return nil, err
	}
	cur, err := inUseTranslations(db, r.Language)
	if err != nil {
		return nil, err
	}
	views[0].InUse = len(cur) == 1 && cur[0].ID == r.ID
	return &views[0], nil
}

func (s *core) translationRow(tx *gorm.DB, id int64, lock bool) (*translationVersionRow, error) {
	var r translationVersionRow
	q := tx
	if lock {
		q = s.forUpdate(q)
	}
	if err := q.Where("id = ?", id).Take(&r).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, notFound("translation version")
		}
		return nil, fmt.Errorf("load translation version %d: %w", id, err)
	}
	return &r, nil
}

// TranslationUpload is a new version as an admin sends it.
type TranslationUpload struct {
	Language string
	Content  []byte
	Credit   models.TranslationCredit
	Note     string
}

// maxTranslationBytes bounds an uploaded text file (the largest shipped is
// about 40 kB).
const maxTranslationBytes = 512 << 10

// Upload keeps a new version of a language's texts as a draft, after
// checking it has every key the documents need (contracts.ParseTextSet);
// a file identical to a version in use is refused.
func (s *Translations) Upload(ctx context.Context, actor models.Actor, u TranslationUpload) (*models.TranslationVersion, error) {
	if err := actor.Require(models.PermTranslationPublish); err != nil {
		return nil, err
	}
	l, ok := models.LanguageByCode(u.Language)
	if ok {
		u.Language = l.Code
	}
	u.Credit.Translator, u.Credit.ReviewedBy, u.Note = strings.TrimSpace(u.Credit.Translator), strings.TrimSpace(u.Credit.ReviewedBy), strings.TrimSpace(u.Note)
	// One round reports every mistake: the credit and the file together.
	var v models.Validation
	v.Merge(models.ValidateTranslationCredit(u.Language, u.Credit, u.Note))
	review := u.Credit.Review(u.Language)
	var set *contracts.TextSet
	switch {
	case len(u.Content) == 0 || len(u.Content) > maxTranslationBytes:
		v.Add("file", "required", "Choose the text file (TOML, at most 512 kB).")
	case ok:
		var err error
		if set, err = parseTextSet(u.Language, u.Content, u.Credit.Translator, u.Credit.ReviewedBy, review); err != nil {
			v.Add("file", "invalid_text_file", "The file cannot be used: {{.problem}}", map[string]any{"problem": err.Error()})
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(u.Content)
	row := translationVersionRow{Language: u.Language, Status: models.TranslationDraft, Source: models.SourceUpload,
		Content: string(u.Content), SHA256: hex.EncodeToString(sum[:]), Documents: documentsOf(set),
		Translator: u.Credit.Translator, ReviewedBy: u.Credit.ReviewedBy, Review: review, Note: u.Note,
		CreatedAt: s.now()}
	if id := actor.UserID(); id > 0 {
		row.CreatedByID = &id
	}
	err := s.transact(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("store translation of %s: %w", u.Language, err)
		}
		return s.audit(tx, actor, "translation.uploaded", "translation", idText(row.ID),
			fmt.Sprintf("%s texts version %d uploaded (%s; %s; translator %s%s)", row.Language, row.ID, row.Documents, row.Review,
				row.Translator, reviewerText(row.ReviewedBy)))
	})
	if err != nil {
		return nil, err
	}
	out := row.model()
	return &out, nil
}

func reviewerText(name string) string {
	if name == "" {
		return ""
	}
	return "; reviewed by " + name
}

// TranslationDiff is a version compared with the one in use.
type TranslationDiff struct {
	Version TranslationView
	InUse   *TranslationView // nil: the language has no text in use
	Changes []contracts.TextChange
	// CanPublish is nil when the version may be published, else why not.
	CanPublish error
}

// Diff compares a version with the version in use of its language, key by
// key.
func (s *Translations) Diff(ctx context.Context, actor models.Actor, id int64) (*TranslationDiff, error) {
	v, err := s.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	newSet, err := s.textSet(translationVersionRow(v.TranslationVersion))
	if err != nil {
		return nil, err
	}
	cur, err := inUseTranslations(db, v.Language)
	if err != nil {
		return nil, err
	}
	d := &TranslationDiff{Version: *v}
	var inUse *models.TranslationVersion
	if len(cur) == 1 {
		views, err := s.translationViews(db, cur, true)
		if err != nil {
			return nil, err
		}
		d.InUse = &views[0]
		inUse = &views[0].TranslationVersion
		oldSet, err := s.textSet(cur[0])
		if err != nil {
			return nil, err
		}
		d.Changes = contracts.DiffTexts(oldSet, newSet)
	} else {
		d.Changes = contracts.DiffTexts(&contracts.TextSet{}, newSet)
	}
	d.CanPublish = models.CanPublishTranslation(v.TranslationVersion, inUse)
	return d, nil
}

// Publish makes a draft the version in use of its language: from now on
// every leaflet, summons and contract translation in it prints this text.
func (s *Translations) Publish(ctx context.Context, actor models.Actor, id int64) (*models.TranslationVersion, error) {
	if err := actor.Require(models.PermTranslationPublish); err != nil {
		return nil, err
	}
	var out models.TranslationVersion
	err := s.transact(ctx, func(tx *gorm.DB) error {
		r, err := s.translationRow(tx, id, true)
		if err != nil {
			return err
		}
		cur, err := inUseTranslations(s.forUpdate(tx), r.Language)
		if err != nil {
			return err
		}
		var inUse *models.TranslationVersion
		if len(cur) == 1 {
			m := cur[0].model()
			inUse = &m
		}
		if err := models.CanPublishTranslation(r.model(), inUse); err != nil {
			return err
		}
		now := s.now()
		by := actor.UserID()
		r.Publication = 1
		if inUse != nil {
			r.Publication = inUse.Publication + 1
		}
		res := tx.Model(&translationVersionRow{}).Where("id = ? AND status = 'draft'", r.ID).
			Updates(map[string]any{"status": models.TranslationPublished, "publication": r.Publication, "published_at": now, "published_by_id": by})
		if res.Error != nil {
			if errors.Is(res.Error, gorm.ErrDuplicatedKey) {
				return models.Fail(models.KindConflict, "concurrent_change", "Someone published a version of this language at the same moment; reload the page and compare again.")
			}
			return fmt.Errorf("publish translation version %d: %w", r.ID, res.Error)
		}
		r.Status, r.PublishedAt, r.PublishedByID = models.TranslationPublished, &now, &by
		out = r.model()
		return s.audit(tx, actor, "translation.published", "translation", idText(r.ID),
			fmt.Sprintf("%s texts version %d published as publication %d (%s; %s; translator %s%s)", r.Language, r.ID, r.Publication,
				r.Documents, r.Review, r.Translator, reviewerText(r.ReviewedBy)))
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Discard sets a draft aside: it stays in the history, is never printed,
// and a release's file discarded is not offered again.
func (s *Translations) Discard(ctx context.Context, actor models.Actor, id int64) error {
	if err := actor.Require(models.PermTranslationPublish); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		r, err := s.translationRow(tx, id, true)
		if err != nil {
			return err
		}
		if err := models.CanDiscardTranslation(r.model()); err != nil {
			return err
		}
		if err := tx.Model(&translationVersionRow{}).Where("id = ? AND status = 'draft'", r.ID).
			Update("status", models.TranslationDiscarded).Error; err != nil {
			return fmt.Errorf("discard translation version %d: %w", r.ID, err)
		}
		return s.audit(tx, actor, "translation.discarded", "translation", idText(r.ID),
			fmt.Sprintf("%s texts draft version %d discarded", r.Language, r.ID))
	})
}

// Leaflet prints the rights leaflet in lang with the texts, the contacts
// and the salary scale in use today. It holds no personal data, so any
// signed-in caller may print it and it is not audited.
func (s *Translations) Leaflet(ctx context.Context, lang string) ([]byte, error) {
	db := s.db.WithContext(ctx)
	lib, err := s.library(db)
	if err != nil {
		return nil, err
	}
	contacts, err := leafletContacts(db)
	if err != nil {
		return nil, err
	}
	d := contracts.LeafletData{Language: lang, Texts: lib, Contacts: contacts}
	if published, err := s.publishedScales(db); err != nil {
		return nil, err
	} else if m, v, ok := publicMinimum(published, s.local()); ok {
		d.Minimum, d.ScaleEffectiveDate = int64(m), v
	}
	return contracts.LeafletContext(ctx, d)
}
