-- Task numbers per user: a new user's first task is #1, and a number no longer reveals how
-- many tasks exist. Existing tasks are numbered per user in the order they were created.
CREATE TABLE "task_counters" (
	"user_id" text PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "task_counters" ADD CONSTRAINT "task_counters_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "number" integer;--> statement-breakpoint
UPDATE "tasks" SET "number" = numbered.n FROM (SELECT "id", row_number() OVER (PARTITION BY "user_id" ORDER BY "id") AS n FROM "tasks") AS numbered WHERE numbered."id" = "tasks"."id";--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "number" SET NOT NULL;--> statement-breakpoint
INSERT INTO "task_counters" ("user_id", "last") SELECT "user_id", max("number") FROM "tasks" GROUP BY "user_id";--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_user_number_idx" ON "tasks" USING btree ("user_id","number");
