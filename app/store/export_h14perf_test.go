package store

// CappedCount is cappedCount, for the tests of package store_test.
var CappedCount = cappedCount

// NameMatchSQL and NameMatchArgs are the name search's statement and its
// arguments, for the plan tests.
func (s *Store) NameMatchSQL() string            { return s.nameMatchSQL() }
func (s *Store) NameMatchArgs(term string) []any { return s.nameMatchArgs(term) }

func (s *Store) AuditActionFilter(action string) (string, []any) { return s.actionFilter(action) }
