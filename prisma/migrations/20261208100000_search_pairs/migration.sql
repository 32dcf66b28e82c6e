-- Search by pairs of neighbouring Han characters (issue 14, point 7). A query's Han words are now
-- asked as their pairs (芒果 发霉 → 芒果 & 发霉), not as their characters: at 3 M complaints each
-- of 芒, 发 and 霉 is in about 170 000 complaints and 果 in 730 000, and the GIN scan for all four
-- stepped through those lists (37 ms, finding none), where the pair 芒果 is rare. lib/nlp/segment.ts
-- indexes every pair of new texts; this gives the rows written before it the same pairs, from the
-- text they were cut from, appended to their search terms (the words and characters stay).
--
-- kesu_han_pairs is that cut in SQL (NFKC, then every two Han characters side by side, each once,
-- in order); tests/integration/search-pairs.test.ts holds it equal to the JavaScript one.
-- Han as JavaScript's \p{Script=Han} has it (Unicode 17.0 in Node 20.20), written as escapes: typed
-- as characters, an editor's normalisation turns U+F900 into U+8C48 and the class swallows Yi,
-- Hangul and the private-use area.
CREATE FUNCTION "kesu_han_class"() RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT '[\u2E80-\u2E99\u2E9B-\u2EF3\u2F00-\u2FD5\u3005\u3007\u3021-\u3029\u3038-\u303B\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFA6D\uFA70-\uFAD9\U00016FE2-\U00016FE3\U00016FF0-\U00016FF6\U00020000-\U0002A6DF\U0002A700-\U0002B81D\U0002B820-\U0002CEAD\U0002CEB0-\U0002EBE0\U0002EBF0-\U0002EE5D\U0002F800-\U0002FA1D\U00030000-\U0003134A\U00031350-\U00033479]'::text
$$;
CREATE FUNCTION "kesu_han_pairs"(t TEXT) RETURNS TEXT[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(p.pair ORDER BY p.at), '{}')
  FROM (
    SELECT substr(n.t, i, 2) AS pair, min(i) AS at
    FROM (SELECT normalize(t, NFKC) AS t) n, generate_series(1, length(n.t) - 1) i
    WHERE substr(n.t, i, 2) ~ ('^' || kesu_han_class() || '{2}$')
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
-- Rewrites every complaint with Chinese text (≈ 17 min at 3 M on 2 cores, measured on a bulk seed), and
-- the app serves once its migrations are done: on a big installation, run this one in a quiet hour.
-- Every row whose text has a pair (asking whether the terms change would cut each text twice);
-- the table and its indexes hold both versions until vacuumed, and the WAL carries the rewrite
-- (mind the archive: README, "Backups").
UPDATE "complaints" SET "search_terms" = kesu_with_han_pairs("search_terms", "description")
  WHERE "description" ~ (kesu_han_class() || '{2}');
UPDATE "knowledge_cases" SET "search_terms" = kesu_with_han_pairs("search_terms", "summary" || ' ' || "resolution")
  WHERE "summary" || ' ' || "resolution" ~ (kesu_han_class() || '{2}');
-- The queue's estimate reads the pairs' shares from the statistics (text-search-estimate.ts).
ANALYZE "complaints";
