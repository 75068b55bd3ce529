//go:build !unix

package store

// lockFile is a no-op where flock does not exist (Windows): there the
// embedded database must be stopped by hand before a restore, as the README
// says. Production runs on Linux.
func lockFile(path string, exclusive bool) (func() error, error) {
	return func() error { return nil }, nil
}
