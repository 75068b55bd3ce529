-- The name search by words (issue 14). A search term matches a worker when
-- their folded name contains it (search_name LIKE '%term%'). The trigram
-- index finds those workers, but a common name is common: at 100,000
-- generated workers "garcia" matched 1,813 of them on 1,301 heap pages, and
-- the index scan and the recheck of every row took 10 to 22 ms of the
-- search's time, whatever page was asked for.
--
-- A folded name is words joined by single spaces (models.FoldName) and a
-- term holds no space (models.SearchTerms), so the name contains the term
-- exactly when one of its words does. There are far fewer distinct words
-- than workers: name_words holds each once (the trigram index finds the
-- words containing a term among them), and worker_name_words holds each
-- worker's words with the list's sort key, so the workers of those words
-- are read from one B-tree, index only, already in name order. The same
-- answer, from a few pages instead of every matching row.
--
-- Both tables follow the workers by trigger, whatever writes them (the
-- store, the retention job's erasure, a statement typed into the
-- database), and refuse a row that would make them disagree with the
-- workers: a word row must be one the worker's current name gives, and may
-- not be removed while it still is; a word may not leave name_words while
-- a worker has it.
--
-- Concurrency: nothing here waits for another registration. A word row
-- holds its word's row in name_words with a key-share lock from the moment
-- it is written (the lock a foreign key check takes, and which any number
-- of transactions share); a word nobody has any more is dropped only if it
-- can be locked at once (SKIP LOCKED), so a word another transaction is
-- giving to a worker is left, and a word dropped just before it is needed
-- is written again (the loop in worker_name_words_kept). Only a drop that
-- got there first makes a registration wait for that commit; the store
-- writes names before it takes the audit chain's head, which every
-- transaction takes last, so the waits cannot close a circle.

-- +goose Up
CREATE TABLE name_words (
    word text PRIMARY KEY
);
CREATE INDEX name_words_trgm ON name_words USING gin (word gin_trgm_ops) WITH (fastupdate = off);

CREATE TABLE worker_name_words (
    word        text   NOT NULL REFERENCES name_words (word),
    family_name text   NOT NULL,
    given_names text   NOT NULL,
    worker_id   bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    PRIMARY KEY (word, family_name, given_names, worker_id)
);
CREATE INDEX worker_name_words_worker ON worker_name_words (worker_id);

-- The words of every worker so far, before the triggers exist.
INSERT INTO name_words (word)
    SELECT DISTINCT w FROM workers, unnest(string_to_array(search_name, ' ')) w WHERE w <> '';
INSERT INTO worker_name_words (word, family_name, given_names, worker_id)
    SELECT DISTINCT w, family_name, given_names, id FROM workers, unnest(string_to_array(search_name, ' ')) w WHERE w <> '';

-- +goose StatementBegin
-- worker_name_word_current reports whether a word row is one the worker's
-- current name gives.
CREATE FUNCTION worker_name_word_current(r worker_name_words) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM workers w WHERE w.id = r.worker_id AND w.family_name = r.family_name
        AND w.given_names = r.given_names AND r.word = ANY (string_to_array(w.search_name, ' ')))
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION workers_name_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.search_name = NEW.search_name AND OLD.family_name = NEW.family_name AND OLD.given_names = NEW.given_names THEN
            RETURN NULL;
        END IF;
        DELETE FROM worker_name_words WHERE worker_id = NEW.id;
    END IF;
    INSERT INTO worker_name_words (word, family_name, given_names, worker_id)
        SELECT DISTINCT w, NEW.family_name, NEW.given_names, NEW.id
        FROM unnest(string_to_array(NEW.search_name, ' ')) w WHERE w <> '' ORDER BY 1;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER workers_name_words AFTER INSERT OR UPDATE OF search_name, family_name, given_names ON workers
    FOR EACH ROW EXECUTE FUNCTION workers_name_words();

-- +goose StatementBegin
-- A word row arrives only as the worker's name gives it, leaves only once
-- the name no longer does, and never changes; name_words has each word a
-- worker has.
CREATE FUNCTION worker_name_words_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'worker_name_words_kept: a worker''s name words are rewritten from the name, not updated'
            USING ERRCODE = 'check_violation';
    ELSIF TG_OP = 'INSERT' THEN
        IF NOT worker_name_word_current(NEW) THEN
            RAISE EXCEPTION 'worker_name_words_kept: "%" is not a word of worker %''s name', NEW.word, NEW.worker_id
                USING ERRCODE = 'check_violation';
        END IF;
        -- The word's row, key-share locked until commit: a drop running
        -- now either skips it or, having deleted it first, is waited for,
        -- and the word is written again.
        LOOP
            PERFORM 1 FROM name_words WHERE word = NEW.word FOR KEY SHARE;
            EXIT WHEN FOUND;
            INSERT INTO name_words (word) VALUES (NEW.word) ON CONFLICT (word) DO NOTHING;
        END LOOP;
        RETURN NEW;
    END IF;
    IF worker_name_word_current(OLD) THEN
        RAISE EXCEPTION 'worker_name_words_kept: "%" is still a word of worker %''s name', OLD.word, OLD.worker_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN OLD;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER worker_name_words_kept BEFORE INSERT OR UPDATE OR DELETE ON worker_name_words
    FOR EACH ROW EXECUTE FUNCTION worker_name_words_kept();

-- +goose StatementBegin
-- A word nobody has any more leaves name_words (an erased name leaves no
-- word behind), unless a transaction holds it: then it is being given to a
-- worker, or is dropped by that transaction.
CREATE FUNCTION worker_name_words_drop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM name_words n WHERE n.word IN (SELECT l.word FROM name_words l WHERE l.word = OLD.word FOR UPDATE SKIP LOCKED)
        AND NOT EXISTS (SELECT 1 FROM worker_name_words ww WHERE ww.word = OLD.word);
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER worker_name_words_drop AFTER DELETE ON worker_name_words
    FOR EACH ROW EXECUTE FUNCTION worker_name_words_drop();

-- +goose Down
DROP TRIGGER worker_name_words_drop ON worker_name_words;
DROP FUNCTION worker_name_words_drop();
DROP TRIGGER worker_name_words_kept ON worker_name_words;
DROP FUNCTION worker_name_words_kept();
DROP TRIGGER workers_name_words ON workers;
DROP FUNCTION workers_name_words();
DROP FUNCTION worker_name_word_current(worker_name_words);
DROP TABLE worker_name_words;
DROP TABLE name_words;
