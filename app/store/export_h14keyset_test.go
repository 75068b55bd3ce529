package store

// AlertCount is the alerts queue's count, for the tests of package
// store_test.
func AlertCount(s *Store) (int64, error) { return s.Queues.alertCount(s.DB()) }
