/** What `EXPLAIN (FORMAT JSON)` answers, as far as the queue reads it (estimated rows and cost). */
export type Explained = { "QUERY PLAN": [{ Plan: { "Plan Rows": number; "Total Cost": number } }] }[];
