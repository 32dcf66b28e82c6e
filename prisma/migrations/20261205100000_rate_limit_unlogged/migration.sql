-- Issue 14, point 1: every API request and H5 submission counts one hit here, in a statement of its
-- own. Logged, each hit's commit waited for its WAL to reach the disk while it held the bucket's
-- row, and 50 connections queued behind those flushes (0.41 ms a hit at 1 M complaints, the second
-- largest item in PostgreSQL's time under intake). Unlogged, a hit writes no WAL and its commit
-- waits for nothing. What that gives up is harmless for a limiter: after a crash, and in a restored
-- backup (its files are copied, but recovery empties an unlogged table), every window begins again;
-- replicas do not have it.
ALTER TABLE "rate_limit_hits" SET UNLOGGED;
