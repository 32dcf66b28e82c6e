-- Search by pairs of neighbouring Han characters (issue 14, point 7). A query's Han words are now
-- asked as their pairs (芒果 发霉 → 芒果 & 发霉), not as their characters: at 3 M complaints each
-- of 芒, 发 and 霉 is in about 170 000 complaints and 果 in 730 000, and the GIN scan for all four
-- stepped through those lists (37 ms, finding none), where the pair 芒果 is rare. lib/nlp/segment.ts
-- indexes every pair of new texts; this gives the rows written before it the same pairs, from the
-- text they were cut from, appended to their search terms (the words and characters stay).
--
-- kesu_han_pairs is that cut in SQL (NFKC, then every two Han characters side by side, each once,
-- in order); tests/integration/search-pairs.test.ts holds it equal to the JavaScript one.
CREATE FUNCTION "kesu_han_pairs"(t TEXT) RETURNS TEXT[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(p.pair ORDER BY p.at), '{}')
  FROM (
    SELECT substr(n.t, i, 2) AS pair, min(i) AS at
    FROM (SELECT normalize(t, NFKC) AS t) n, generate_series(1, length(n.t) - 1) i
    WHERE substr(n.t, i, 2) ~ '^[⺀-⻳⼀-⿕々〇〡-〩〸-〻㐀-䶿一-鿿豈-﫿𠀀-𲎯]{2}$'
    GROUP BY 1
  ) p
$$;

-- The pairs a text holds that the terms do not, appended (jieba's two-character words are pairs already).
CREATE FUNCTION "kesu_with_han_pairs"(terms TEXT, t TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT concat_ws(' ', nullif(terms, ''), nullif(array_to_string(ARRAY(
    SELECT p FROM unnest(kesu_han_pairs(t)) WITH ORDINALITY x(p, n)
    WHERE p <> ALL (string_to_array(terms, ' ')) ORDER BY n), ' '), ''))
$$;

-- The search terms are in no rollup: the rollup triggers have nothing to count for this update.
SET LOCAL kesu.skip_rollup = 'on';
-- Rewrites every complaint (≈ 17 min at 3 M complaints on 2 cores, measured on a bulk seed), and
-- the app serves once its migrations are done: on a big installation, run this one in a quiet hour.
-- Every row, not only those that change: asking that first would cut each text twice.
UPDATE "complaints" SET "search_terms" = kesu_with_han_pairs("search_terms", "description");
UPDATE "knowledge_cases" SET "search_terms" = kesu_with_han_pairs("search_terms", "summary" || ' ' || "resolution");
