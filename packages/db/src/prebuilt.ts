import { is, Param, Placeholder, type SQL } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from './client';

interface Buildable {
  toSQL(): { sql: string; params: unknown[] };
}

interface RawClient {
  query(
    config: string | { name: string; text: string; values: unknown[] },
    values?: unknown[],
  ): Promise<{ rows: unknown[] }>;
}

interface Rendered<Values> {
  text: string;
  fill: (values: Values) => unknown[];
}
const rendered = new Map<string, Rendered<never>>();

/** The SQL text, and how to fill its parameters from a call's values. */
function render<Values extends Record<string, unknown>>(query: Buildable): Rendered<Values> {
  const { sql: text, params } = query.toSQL();
  // Each parameter resolved once: a constant, a placeholder, or a placeholder bound to a
  // column (whose encoder maps the value, e.g. Date → text, as the query builder would).
  const fills = params.map((p): ((values: Values) => unknown) => {
    if (is(p, Placeholder)) return (values) => values[p.name];
    if (is(p, Param) && is(p.value, Placeholder)) {
      const { encoder, value } = p as Param & { value: Placeholder };
      return (values) => {
        const v = values[value.name];
        // As the query builder does: NULL goes to the driver as is, never through the encoder.
        return encoder && v !== null && v !== undefined ? encoder.mapToDriverValue(v) : v;
      };
    }
    return () => p;
  });
  return { text, fill: (values) => fills.map((f) => f(values)) };
}

/**
 * A query for a hot route, built once: the query builder renders its SQL at start-up (with
 * `sql.placeholder`s for the values), and each call sends it as a named prepared statement
 * (PostgreSQL parses and plans it once per connection). Rows come back as the driver
 * returns them: keyed by the names the database gives the columns (alias any column whose
 * SQL name differs from its key, `sql\`${t.userId}\`.as('userId')`), with values already in
 * the caller's shape (e.g. ISO text dates).
 * Building SQL and mapping rows per request was a third of the list route's CPU time.
 */
export function prebuilt<Row, Values extends Record<string, unknown>>(
  db: Db,
  name: string,
  /** Built once per name, whichever database: a chat turn's transaction gets the same SQL. */
  query: Buildable | (() => Buildable),
): (values: Values) => Promise<Row[]> {
  let built = rendered.get(name) as Rendered<Values> | undefined;
  if (!built) {
    built = render<Values>(typeof query === 'function' ? query() : query);
    rendered.set(name, built as Rendered<never>);
  }
  const { text, fill } = built;
  // A transaction has no `$client`: its queries go to the transaction's own connection.
  const client =
    (db as unknown as { $client?: RawClient }).$client ??
    (db as unknown as { session: { client: RawClient } }).session.client;
  // Named (prepared once per connection) on the pool and on a transaction's pooled client.
  if (client instanceof pg.Pool || client instanceof pg.Client) {
    return async (values) => {
      const result = await client.query({ name, text, values: fill(values) });
      return result.rows as Row[];
    };
  }
  return async (values) => (await client.query(text, fill(values))).rows as Row[];
}

/** Raw SQL (with `sql.placeholder`s) as a query `prebuilt` can render. */
export const rawQuery = (db: Db, query: SQL): Buildable => ({
  toSQL: () =>
    (
      db as unknown as { dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } } }
    ).dialect.sqlToQuery(query),
});
