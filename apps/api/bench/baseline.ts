/**
 * The no-framework baseline of the bench: node:http + a pg pool running the repository's SQL
 * and answering the same JSON, with a fixed bearer check and no validation. It is what the
 * API's figures are divided by, so its cost is the floor for this machine, database and load.
 *
 *   BASELINE_TOKENS='{"Bearer x":"user-id"}' DATABASE_URL=… PORT=… node bench/baseline.ts
 */
import { createServer } from 'node:http';
import pg from 'pg';

const tokens = new Map(Object.entries(JSON.parse(process.env.BASELINE_TOKENS ?? '{}')));
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_MAX ?? 10),
});

const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const columns = `"number" AS "id", "title", "description", "completed", "priority", "tags",
  ${iso('"due_at"')} AS "dueAt", ${iso('"created_at"')} AS "createdAt",
  ${iso('"updated_at"')} AS "updatedAt", ${iso('"completed_at"')} AS "completedAt"`;
const listSql = `SELECT ${columns} FROM "tasks" WHERE "user_id" = $1
  ORDER BY "created_at" DESC, "number" DESC LIMIT $2`;
// Tasks are numbered per user (migration 0003): the counter and the row in one statement.
const insertSql = `WITH n AS (INSERT INTO "task_counters" ("user_id", "last") VALUES ($1, 1)
    ON CONFLICT ("user_id") DO UPDATE SET "last" = "task_counters"."last" + 1 RETURNING "last")
  INSERT INTO "tasks" ("user_id", "number", "title", "description", "priority", "tags", "due_at")
  SELECT $1, n."last", $2, $3, $4, $5, $6 FROM n RETURNING ${columns}`;

interface Row {
  id: number;
  createdAt: string;
}

const server = createServer((req, res) => {
  const send = (status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };
  const userId = tokens.get(req.headers.authorization ?? '');
  if (req.url === '/readyz') return send(200, { status: 'ok' });
  if (!userId) return send(401, { error: { code: 'unauthorized', message: 'no' } });
  const url = new URL(req.url ?? '/', 'http://baseline');
  if (req.method === 'GET' && url.pathname === '/api/tasks') {
    const limit = Number(url.searchParams.get('limit') ?? 50);
    pool.query<Row>(listSql, [userId, limit + 1]).then(
      ({ rows }) => {
        const items = rows.slice(0, limit);
        const last = items.at(-1);
        const nextCursor =
          rows.length > limit && last
            ? Buffer.from(
                JSON.stringify({ s: 'created', o: 'desc', k: last.createdAt, id: last.id }),
              ).toString('base64url')
            : null;
        send(200, { items, nextCursor });
      },
      (err: Error) => send(500, { error: { code: 'internal', message: err.message } }),
    );
    return;
  }
  if (req.method === 'POST' && url.pathname === '/api/tasks') {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const b = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      const values = [
        userId,
        b.title,
        b.description ?? null,
        b.priority ?? 'medium',
        b.tags ?? [],
        b.dueAt ?? null,
      ];
      pool.query<Row>(insertSql, values).then(
        ({ rows }) => send(201, rows[0]),
        (err: Error) => send(500, { error: { code: 'internal', message: err.message } }),
      );
    });
    return;
  }
  send(404, { error: { code: 'not_found', message: 'no' } });
});

server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => void pool.end()));
