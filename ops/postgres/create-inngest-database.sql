-- compose.yaml: run once by the postgres image when its data directory is created. Inngest's own
-- tables live in a database of their own, apart from Kesu's (whose migrations and app role
-- cover every table of theirs).
CREATE DATABASE inngest;
