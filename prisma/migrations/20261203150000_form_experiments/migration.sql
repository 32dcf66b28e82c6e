-- H5 form experiments (issue 16, point 2; seed 001's form variants by completion rate): an arm may
-- carry the complaint form's layout, and each customer's first view of the form is recorded with
-- their arm (once per experiment: a reload is not another view). Completion = the customer filed a
-- complaint from the H5 after that view.
ALTER TABLE "experiment_arms" ADD COLUMN "form" TEXT;

CREATE TABLE "experiment_views" (
    "experiment_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "arm" TEXT NOT NULL,
    "viewed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "experiment_views_pkey" PRIMARY KEY ("experiment_id", "customer_id")
);
ALTER TABLE "experiment_views" ADD CONSTRAINT "experiment_views_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "experiment_views" ADD CONSTRAINT "experiment_views_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
