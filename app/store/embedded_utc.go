package store

import (
	"database/sql"
	"database/sql/driver"
	"time"
)

// EmbeddedDriver is the database/sql driver the embedded database is opened
// with: the pure-Go SQLite driver (github.com/glebarez/go-sqlite, with the
// functions registered on it, such as carddesk_audit_hash) whose every time
// argument is written in UTC.
//
// SQLite keeps a time as text with its offset and compares such texts as
// text, so "02:10+01:00" sorts after "01:30+00:00" though it is forty
// minutes earlier. The rules decide days in the Directorate's zone
// (core.local) and may hand such an instant on to be stored; converting
// every argument here keeps one zone on disk whoever wrote the value, and
// every comparison in SQL chronological. PostgreSQL keeps instants and needs
// nothing of the kind.
const EmbeddedDriver = "carddesk-sqlite"

func init() {
	db, err := sql.Open("sqlite", "") // connects to nothing: only its driver is wanted
	if err != nil {
		panic(err)
	}
	sql.Register(EmbeddedDriver, utcDriver{db.Driver()})
	db.Close()
}

type utcDriver struct{ driver.Driver }

func (d utcDriver) Open(name string) (driver.Conn, error) {
	c, err := d.Driver.Open(name)
	if err != nil {
		return nil, err
	}
	return utcConn{c.(sqliteConn)}, nil
}

// sqliteConn is what the glebarez connection implements; utcConn passes
// each on, so database/sql takes the same paths as with the bare driver.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
}

type utcConn struct{ sqliteConn }

// CheckNamedValue converts each argument as database/sql would (a Valuer's
// value, a pointer's target), then writes a time in UTC.
func (utcConn) CheckNamedValue(nv *driver.NamedValue) error {
	v, err := driver.DefaultParameterConverter.ConvertValue(nv.Value)
	if err != nil {
		return err
	}
	if t, ok := v.(time.Time); ok {
		v = t.UTC()
	}
	nv.Value = v
	return nil
}

var _ driver.NamedValueChecker = utcConn{}
