import { STOPWORDS } from "../nlp/domain-dictionary";
import { tokenize } from "../nlp/tokenizer";

/** The meaningful words of a text, once each (stopwords and single-character particles out). */
export function faqTerms(text: string): string[] {
  return [...new Set(tokenize(text).filter((w) => !STOPWORDS.has(w)))];
}
