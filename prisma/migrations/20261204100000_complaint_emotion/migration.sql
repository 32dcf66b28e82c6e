-- Issue 17, point 2: the customer's emotion as triage read it (lib/nlp/emotion.ts), with its
-- intensity (1 mild, 2 clear, 3 strong; 0 for neutral). NULL for complaints filed before triage
-- read emotions: they were never assessed, which is not the same as neutral.
CREATE TYPE "ComplaintEmotion" AS ENUM ('anger', 'anxiety', 'disappointment', 'neutral');

ALTER TABLE complaints
  ADD COLUMN emotion "ComplaintEmotion",
  ADD COLUMN emotion_intensity integer,
  -- Both or neither, and the intensity fits the emotion (written so that no part is NULL when
  -- one column is set, since a CHECK that evaluates to NULL passes).
  ADD CONSTRAINT complaints_emotion_intensity_range CHECK (
    (emotion IS NULL AND emotion_intensity IS NULL)
    OR (emotion IS NOT NULL AND emotion_intensity IS NOT NULL AND (
      (emotion = 'neutral' AND emotion_intensity = 0) OR (emotion <> 'neutral' AND emotion_intensity BETWEEN 1 AND 3)
    ))
  );
