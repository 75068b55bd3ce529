package store

// CappedCount is cappedCount, for the tests of package store_test.
var CappedCount = cappedCount
