-- The embedded workflow engine (lib/workflow-engine): an Inngest-compatible executor that drives
-- the app's own /api/inngest when no Inngest server is configured. Everything it knows lives
-- here, so a stopped or killed process loses nothing: the next leader continues from these rows.

-- Function configurations as the SDK reported them at the last sync.
CREATE TABLE "engine_functions" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    -- Why the engine will not run this function (a feature it does not support); null = runs.
    "refused" TEXT,
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "removed_at" TIMESTAMPTZ(3),
    CONSTRAINT "engine_functions_pkey" PRIMARY KEY ("id")
);

-- Every accepted event. "id" is the sender's id (the outbox row's) or a generated one: the same id
-- twice is accepted once (Inngest's event de-duplication).
CREATE TABLE "engine_events" (
    "internal_id" BIGSERIAL NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "processed_at" TIMESTAMPTZ(3),
    CONSTRAINT "engine_events_pkey" PRIMARY KEY ("internal_id")
);
CREATE UNIQUE INDEX "engine_events_id_key" ON "engine_events"("id");
CREATE INDEX "engine_events_unprocessed_idx" ON "engine_events"("internal_id") WHERE "processed_at" IS NULL;

CREATE TABLE "engine_runs" (
    "id" UUID NOT NULL,
    "function_id" TEXT NOT NULL,
    -- One run per (function, event): "<function>:<event internal id>", or "replay:<run id>".
    "trigger_key" TEXT NOT NULL,
    "event" JSONB NOT NULL,
    -- queued | running | sleeping | waiting | completed | failed | cancelled
    "status" TEXT NOT NULL,
    "throttle_key" TEXT,
    "scheduled_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "output" JSONB,
    "error" JSONB,
    "cancel_reason" TEXT,
    "replay_of" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT "engine_runs_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "engine_runs_trigger_key_key" ON "engine_runs"("trigger_key");
CREATE INDEX "engine_runs_function_id_status_idx" ON "engine_runs"("function_id", "status");
CREATE INDEX "engine_runs_created_at_idx" ON "engine_runs"("created_at");
-- cancelOn and waitForEvent match the incoming event against the runs' own events: equality
-- conjuncts become a containment query on this index instead of a scan of every open run.
CREATE INDEX "engine_runs_open_event_idx" ON "engine_runs" USING GIN ("event" jsonb_path_ops) WHERE "status" IN ('queued', 'running', 'sleeping', 'waiting');
CREATE INDEX "engine_runs_throttle_idx" ON "engine_runs"("function_id", "throttle_key", "scheduled_at") WHERE "throttle_key" IS NOT NULL;

-- Memoised step state: what the SDK gets back on every call ("steps"), and what admins see.
CREATE TABLE "engine_steps" (
    "run_id" UUID NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "op" TEXT NOT NULL,
    -- running | completed | failed | sleeping | waiting
    "status" TEXT NOT NULL,
    "position" INTEGER,
    "data" JSONB,
    "error" JSONB,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "due_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "ended_at" TIMESTAMPTZ(3),
    CONSTRAINT "engine_steps_pkey" PRIMARY KEY ("run_id", "id"),
    CONSTRAINT "engine_steps_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "engine_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- The work queue: call the function (optionally one planned step), a sleep that ends, a wait that
-- times out. A job is deleted in the same transaction that records its outcome, so a crash either
-- leaves it to run again or has it done — never both.
CREATE TABLE "engine_jobs" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "step_id" TEXT,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "run_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "engine_jobs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "engine_jobs_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "engine_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "engine_jobs_run_at_idx" ON "engine_jobs"("run_at");
CREATE INDEX "engine_jobs_run_id_idx" ON "engine_jobs"("run_id");

-- Open step.waitForEvent calls.
CREATE TABLE "engine_waits" (
    "run_id" UUID NOT NULL,
    "step_id" TEXT NOT NULL,
    "event_name" TEXT NOT NULL,
    "expression" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "engine_waits_pkey" PRIMARY KEY ("run_id", "step_id"),
    CONSTRAINT "engine_waits_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "engine_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "engine_waits_event_name_idx" ON "engine_waits"("event_name");

-- The next time each cron trigger fires; advanced in the transaction that starts its run.
CREATE TABLE "engine_crons" (
    "function_id" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "next_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "engine_crons_pkey" PRIMARY KEY ("function_id", "cron")
);
