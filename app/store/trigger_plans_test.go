package store_test

import (
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
)

// A PL/pgSQL trigger that calls an SQL function which reads a table makes
// PostgreSQL parse and plan that function again in every transaction (its
// plan lives no longer than the call's expression state); PL/pgSQL keeps
// its own plans for the session. Migration 00040 turned the two such
// functions the issuing and name triggers called into PL/pgSQL; this keeps
// any other from coming back.
func TestTriggersCallNoTableReadingSQLFunctions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if s.Engine() != store.Postgres {
			t.Skip("SQL functions and PL/pgSQL triggers are PostgreSQL's")
		}
		var rows []struct{ Caller, Callee string }
		must(t, s.DB().Raw(`
			SELECT caller.proname AS caller, callee.proname AS callee
			FROM pg_proc callee
			JOIN pg_language cl ON cl.oid = callee.prolang AND cl.lanname = 'sql'
			JOIN pg_namespace cn ON cn.oid = callee.pronamespace AND cn.nspname = current_schema()
			JOIN pg_proc caller ON caller.prosrc ~* ('\m' || callee.proname || '\s*\(') AND caller.oid <> callee.oid
			JOIN pg_language pl ON pl.oid = caller.prolang AND pl.lanname = 'plpgsql'
			WHERE callee.prosrc ~* '\mFROM\M'
			ORDER BY 1, 2`).Scan(&rows).Error)
		for _, r := range rows {
			t.Errorf("PL/pgSQL %s calls SQL function %s, which reads a table: planned again in every transaction", r.Caller, r.Callee)
		}
		var languages []string
		must(t, s.DB().Raw(`SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
			WHERE p.proname IN ('card_has_renewal', 'worker_name_word_current') ORDER BY p.proname`).Scan(&languages).Error)
		if len(languages) != 2 || languages[0] != "plpgsql" || languages[1] != "plpgsql" {
			t.Errorf("card_has_renewal and worker_name_word_current in %v, want plpgsql", languages)
		}
	})
}
