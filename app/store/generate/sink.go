package generate

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// sink writes generated rows in bulk inside one open transaction: COPY on
// PostgreSQL, multi-row INSERTs on SQLite. The database's triggers fire on
// every row either way.
type sink interface {
	// insert appends rows (values in cols order) to table.
	insert(ctx context.Context, table string, cols []string, rows [][]any) error
	// insertEach appends rows one statement each where the engine fires
	// AFTER ROW triggers only at the end of a statement (PostgreSQL), so
	// that a row's BEFORE trigger sees what the row before it did.
	insertEach(ctx context.Context, table string, cols []string, rows [][]any) error
	// exec runs one statement written with ? placeholders.
	exec(ctx context.Context, query string, args ...any) error
	// analyze refreshes the planner's statistics of tables written in the
	// open transaction, so the statements that follow do not plan on empty
	// tables (PostgreSQL; SQLite plans these well without).
	analyze(ctx context.Context, tables ...string) error
	// queryInt64 reads one integer.
	queryInt64(ctx context.Context, query string, args ...any) (int64, error)
	// queryString reads one text value.
	queryString(ctx context.Context, query string, args ...any) (string, error)
	// commit ends the transaction and opens the next one.
	commit(ctx context.Context) error
	// close rolls back what is not committed and releases the connection.
	close(ctx context.Context)
}

// pgSink copies rows over one pgx connection.
type pgSink struct {
	conn *pgx.Conn
	tx   pgx.Tx
}

func newPGSink(ctx context.Context, url string) (*pgSink, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("connect for COPY: %w", err)
	}
	// A generated database can be generated again from its seed: losing
	// the last commits in a crash costs nothing, waiting for each flush does.
	if _, err := conn.Exec(ctx, "SET synchronous_commit = off"); err != nil {
		conn.Close(ctx)
		return nil, err
	}
	s := &pgSink{conn: conn}
	if s.tx, err = conn.Begin(ctx); err != nil {
		conn.Close(ctx)
		return nil, err
	}
	return s, nil
}

func (s *pgSink) insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	n, err := s.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("copy %d rows into %s: %w", len(rows), table, err)
	}
	if n != int64(len(rows)) {
		return fmt.Errorf("copy into %s: %d of %d rows", table, n, len(rows))
	}
	return nil
}

func (s *pgSink) insertEach(ctx context.Context, table string, cols []string, rows [][]any) error {
	var ph []string
	for i := range cols {
		ph = append(ph, "$"+strconv.Itoa(i+1))
	}
	q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ")"
	b := &pgx.Batch{}
	for _, r := range rows {
		b.Queue(q, r...)
	}
	if err := s.tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("insert %d rows into %s: %w", len(rows), table, err)
	}
	return nil
}

// dollar turns ? placeholders into PostgreSQL's $n.
func dollar(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (s *pgSink) exec(ctx context.Context, q string, args ...any) error {
	if _, err := s.tx.Exec(ctx, dollar(q), args...); err != nil {
		return fmt.Errorf("%s: %w", firstLine(q), err)
	}
	return nil
}

func (s *pgSink) analyze(ctx context.Context, tables ...string) error {
	return s.exec(ctx, "ANALYZE "+strings.Join(tables, ", "))
}

func (s *pgSink) queryInt64(ctx context.Context, q string, args ...any) (int64, error) {
	var v int64
	err := s.tx.QueryRow(ctx, dollar(q), args...).Scan(&v)
	return v, err
}

func (s *pgSink) queryString(ctx context.Context, q string, args ...any) (string, error) {
	var v string
	err := s.tx.QueryRow(ctx, dollar(q), args...).Scan(&v)
	return v, err
}

func (s *pgSink) commit(ctx context.Context) error {
	if err := s.tx.Commit(ctx); err != nil {
		return err
	}
	var err error
	s.tx, err = s.conn.Begin(ctx)
	return err
}

// vacuumChainHead commits, vacuums the audit chain head with its index
// (migration 00032) and begins again. Every audit row updates that one row;
// its dead versions are pruned only by a vacuum, and on a server without
// autovacuum (or one slower than the generator) each insert read more of
// them: 5,000 rows a second at first, 100 at 340,000 rows.
func (s *pgSink) vacuumChainHead(ctx context.Context) error {
	if err := s.tx.Commit(ctx); err != nil {
		return err
	}
	if _, err := s.conn.Exec(ctx, "VACUUM (INDEX_CLEANUP ON) audit_chain_head"); err != nil {
		return fmt.Errorf("vacuum the audit chain head: %w", err)
	}
	var err error
	s.tx, err = s.conn.Begin(ctx)
	return err
}

func (s *pgSink) close(ctx context.Context) {
	if s.tx != nil {
		s.tx.Rollback(ctx)
		s.tx = nil
		s.conn.Close(ctx)
	}
}

// sqliteSink writes multi-row INSERTs in one transaction.
type sqliteSink struct {
	db *sql.DB
	tx *sql.Tx
}

// sqliteMaxVars stays under SQLite's limit of bound parameters per
// statement (32766 since 3.32).
const sqliteMaxVars = 30000

func newSQLiteSink(ctx context.Context, db *sql.DB) (*sqliteSink, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &sqliteSink{db: db, tx: tx}, nil
}

func (s *sqliteSink) insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	per := max(1, sqliteMaxVars/len(cols))
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	args := make([]any, 0, per*len(cols))
	for start := 0; start < len(rows); start += per {
		batch := rows[start:min(start+per, len(rows))]
		args = args[:0]
		for _, r := range batch {
			args = append(args, r...)
		}
		q := head + strings.TrimSuffix(strings.Repeat(one+",", len(batch)), ",")
		if _, err := s.tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("insert %d rows into %s: %w", len(batch), table, err)
		}
	}
	return nil
}

// SQLite fires AFTER ROW triggers row by row: one statement holds many.
func (s *sqliteSink) insertEach(ctx context.Context, table string, cols []string, rows [][]any) error {
	return s.insert(ctx, table, cols, rows)
}

func (s *sqliteSink) exec(ctx context.Context, q string, args ...any) error {
	if _, err := s.tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("%s: %w", firstLine(q), err)
	}
	return nil
}

func (s *sqliteSink) analyze(context.Context, ...string) error { return nil }

func (s *sqliteSink) queryInt64(ctx context.Context, q string, args ...any) (int64, error) {
	var v int64
	err := s.tx.QueryRowContext(ctx, q, args...).Scan(&v)
	return v, err
}

func (s *sqliteSink) queryString(ctx context.Context, q string, args ...any) (string, error) {
	var v string
	err := s.tx.QueryRowContext(ctx, q, args...).Scan(&v)
	return v, err
}

func (s *sqliteSink) commit(ctx context.Context) error {
	if err := s.tx.Commit(); err != nil {
		return err
	}
	var err error
	s.tx, err = s.db.BeginTx(ctx, nil)
	return err
}

func (s *sqliteSink) close(context.Context) {
	if s.tx != nil {
		s.tx.Rollback()
		s.tx = nil
	}
}

func firstLine(q string) string {
	q = strings.TrimSpace(q)
	if i := strings.IndexByte(q, '\n'); i > 0 {
		q = q[:i]
	}
	if len(q) > 60 {
		q = q[:60] + "…"
	}
	return q
}
