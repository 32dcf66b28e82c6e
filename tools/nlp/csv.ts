/**
 * A small RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks. Yields each
 * record with the line it starts on, so malformed records can be reported by line number.
 */
export function* readCsv(text: string): Generator<{ line: number; fields: string[]; error?: string }> {
  let i = 0;
  let line = 1;
  const input = text.replace(/^\uFEFF/, "");
  while (i < input.length) {
    const start = line;
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    let error: string | undefined;
    for (;;) {
      if (i >= input.length) {
        if (quoted) error = "unterminated quote";
        fields.push(field);
        break;
      }
      const c = input[i]!;
      if (quoted) {
        if (c === '"' && input[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (c === '"') {
          quoted = false;
          i += 1;
        } else {
          if (c === "\n") line += 1;
          field += c;
          i += 1;
        }
      } else if (c === '"' && field === "") {
        quoted = true;
        i += 1;
      } else if (c === ",") {
        fields.push(field);
        field = "";
        i += 1;
      } else if (c === "\n" || c === "\r") {
        fields.push(field);
        i += c === "\r" && input[i + 1] === "\n" ? 2 : 1;
        line += 1;
        break;
      } else {
        field += c;
        i += 1;
      }
    }
    if (fields.length === 1 && fields[0] === "" && !error) continue;
    yield { line: start, fields, error };
  }
}
