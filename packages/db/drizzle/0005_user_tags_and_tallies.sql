CREATE TABLE "task_tallies" (
	"user_id" text PRIMARY KEY NOT NULL,
	"pending_low" integer DEFAULT 0 NOT NULL,
	"pending_medium" integer DEFAULT 0 NOT NULL,
	"pending_high" integer DEFAULT 0 NOT NULL,
	"completed_low" integer DEFAULT 0 NOT NULL,
	"completed_medium" integer DEFAULT 0 NOT NULL,
	"completed_high" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_tags" (
	"user_id" text NOT NULL,
	"tag" text NOT NULL,
	"tasks" integer NOT NULL,
	"newest_at" timestamp (3) with time zone NOT NULL,
	"newest_number" integer NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "user_tags_user_id_tag_pk" PRIMARY KEY("user_id","tag")
);
--> statement-breakpoint
DROP INDEX "tasks_user_created_idx";--> statement-breakpoint
ALTER TABLE "task_tallies" ADD CONSTRAINT "task_tallies_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_tags" ADD CONSTRAINT "user_tags_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tasks_user_priority_created_idx" ON "tasks" USING btree ("user_id","priority","created_at","number");--> statement-breakpoint
CREATE INDEX "tasks_user_created_idx" ON "tasks" USING btree ("user_id","created_at","number");--> statement-breakpoint
-- Kept by the trigger below: per user, how many tasks each status and priority has
-- (task_tallies) and which tags the tasks carry (user_tags). A chat listing reads them instead
-- of counting and unnesting the user's tasks, so its cost does not grow with the list.
--
-- The trigger is deferred: it runs when the writing transaction commits, so the tallies are
-- committed state (a transaction that wrote tasks does not see its own changes in them; the
-- repository counts the tasks there instead). Every run first takes the user's task_tallies
-- row, and only then user_tags rows; a transaction holds these only while it commits, when it
-- waits for no task row any more, so concurrent writers of one user queue up instead of
-- deadlocking.
CREATE OR REPLACE FUNCTION todo_task_tally() RETURNS trigger AS $$
DECLARE
  slot integer;
  d integer[] := ARRAY[0, 0, 0, 0, 0, 0];
  u text := COALESCE(NEW.user_id, OLD.user_id);
  removed text[] := '{}';
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.user_id IS DISTINCT FROM OLD.user_id THEN
    RAISE EXCEPTION 'a task cannot move to another user';
  END IF;
  IF TG_OP <> 'INSERT' THEN
    slot := (CASE WHEN OLD.completed THEN 3 ELSE 0 END) + array_position(enum_range(NULL::task_priority), OLD.priority);
    d[slot] := d[slot] - 1;
    removed := ARRAY(SELECT DISTINCT t FROM unnest(OLD.tags) AS t
                     WHERE TG_OP = 'DELETE' OR NOT (t = ANY (NEW.tags)) ORDER BY t);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    slot := (CASE WHEN NEW.completed THEN 3 ELSE 0 END) + array_position(enum_range(NULL::task_priority), NEW.priority);
    d[slot] := d[slot] + 1;
  END IF;
  UPDATE task_tallies SET
    pending_low = pending_low + d[1], pending_medium = pending_medium + d[2],
    pending_high = pending_high + d[3], completed_low = completed_low + d[4],
    completed_medium = completed_medium + d[5], completed_high = completed_high + d[6]
  WHERE user_id = u;
  -- No row yet: the user's first task. None for a deleted user (the rows went with it).
  IF NOT FOUND AND TG_OP <> 'DELETE' THEN
    INSERT INTO task_tallies AS c (user_id, pending_low, pending_medium, pending_high,
                                   completed_low, completed_medium, completed_high)
    SELECT u, d[1], d[2], d[3], d[4], d[5], d[6] WHERE EXISTS (SELECT 1 FROM users WHERE id = u)
    ON CONFLICT (user_id) DO UPDATE SET
      pending_low = c.pending_low + d[1], pending_medium = c.pending_medium + d[2],
      pending_high = c.pending_high + d[3], completed_low = c.completed_low + d[4],
      completed_medium = c.completed_medium + d[5], completed_high = c.completed_high + d[6];
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO user_tags AS g (user_id, tag, tasks, newest_at, newest_number, position)
    SELECT u, x.t, 1, NEW.created_at, NEW.number, min(x.n)
    FROM unnest(NEW.tags) WITH ORDINALITY AS x(t, n)
    WHERE (TG_OP = 'INSERT' OR NOT (x.t = ANY (OLD.tags)))
      AND EXISTS (SELECT 1 FROM users WHERE id = u)
    GROUP BY x.t ORDER BY x.t
    ON CONFLICT (user_id, tag) DO UPDATE SET
      tasks = g.tasks + 1,
      newest_at = CASE WHEN (EXCLUDED.newest_at, EXCLUDED.newest_number) > (g.newest_at, g.newest_number) THEN EXCLUDED.newest_at ELSE g.newest_at END,
      newest_number = CASE WHEN (EXCLUDED.newest_at, EXCLUDED.newest_number) > (g.newest_at, g.newest_number) THEN EXCLUDED.newest_number ELSE g.newest_number END,
      position = CASE WHEN (EXCLUDED.newest_at, EXCLUDED.newest_number) > (g.newest_at, g.newest_number) THEN EXCLUDED.position ELSE g.position END;
  END IF;
  IF cardinality(removed) > 0 THEN
    UPDATE user_tags SET tasks = tasks - 1 WHERE user_id = u AND tag = ANY (removed);
    DELETE FROM user_tags WHERE user_id = u AND tag = ANY (removed) AND tasks <= 0;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER tasks_tally_insert_delete AFTER INSERT OR DELETE ON tasks
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION todo_task_tally();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER tasks_tally_update AFTER UPDATE OF completed, priority, tags, user_id ON tasks
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.completed IS DISTINCT FROM NEW.completed OR OLD.priority IS DISTINCT FROM NEW.priority
        OR OLD.tags IS DISTINCT FROM NEW.tags OR OLD.user_id IS DISTINCT FROM NEW.user_id)
  EXECUTE FUNCTION todo_task_tally();
--> statement-breakpoint
-- The tasks that exist already.
INSERT INTO task_tallies (user_id, pending_low, pending_medium, pending_high, completed_low, completed_medium, completed_high)
SELECT user_id,
  count(*) FILTER (WHERE NOT completed AND priority = 'low'),
  count(*) FILTER (WHERE NOT completed AND priority = 'medium'),
  count(*) FILTER (WHERE NOT completed AND priority = 'high'),
  count(*) FILTER (WHERE completed AND priority = 'low'),
  count(*) FILTER (WHERE completed AND priority = 'medium'),
  count(*) FILTER (WHERE completed AND priority = 'high')
FROM tasks GROUP BY user_id;
--> statement-breakpoint
INSERT INTO user_tags (user_id, tag, tasks, newest_at, newest_number, position)
SELECT DISTINCT ON (k.user_id, k.tag) k.user_id, k.tag,
  count(*) OVER (PARTITION BY k.user_id, k.tag), k.created_at, k.number, k.n
FROM (SELECT t.user_id, x.t AS tag, t.created_at, t.number, min(x.n) AS n
      FROM tasks t, unnest(t.tags) WITH ORDINALITY AS x(t, n)
      GROUP BY t.id, x.t) AS k
ORDER BY k.user_id, k.tag, k.created_at DESC, k.number DESC;
