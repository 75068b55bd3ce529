-- FoldName now folds case before it maps the letters it spells out, so "Ƒ"
-- (U+0191, Ewe and other West African alphabets) folds to "f" as its lower
-- case "ƒ" always did; before, a stored search name kept "ƒ" for it and a
-- query typed "Ƒ…" or "ƒ…" no longer matched it. No other letter changed, and
-- before this change "ƒ" could only reach a search name from "Ƒ", so the
-- replacement below is exactly a refold. The name-search index follows (a
-- trigram index on PostgreSQL, the FTS5 triggers on SQLite).

-- +goose Up
UPDATE workers SET search_name = replace(search_name, 'ƒ', 'f') WHERE search_name LIKE '%ƒ%';
UPDATE employers SET search_name = replace(search_name, 'ƒ', 'f') WHERE search_name LIKE '%ƒ%';

-- +goose Down
SELECT 1;
