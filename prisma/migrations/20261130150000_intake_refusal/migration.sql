-- Intake files a complaint in one statement (lib/complaints/intake-statement.ts). When part of it
-- cannot be done — a photo that is not the caller's to attach — the statement must fail as a
-- whole; this raises the named refusal from inside it, so nothing of the statement commits.
CREATE FUNCTION "kesu_refuse"(code TEXT) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'KS409', MESSAGE = code;
END
$$;
