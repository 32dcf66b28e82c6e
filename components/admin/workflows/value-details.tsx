/** What a JSON column holds (declared here: components do not import the database client). */
type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };

const EXCERPT = 80;

function excerpt(text: string): string {
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text;
}

/** A JSON value as a one-line excerpt that opens onto the whole value, indented. */
export function JsonDetails({ value, testId }: { value: JsonValue | null; testId?: string }) {
  if (value === null) return null;
  return (
    <details className="max-w-xl" data-testid={testId}>
      <summary className="cursor-pointer break-all font-mono text-xs text-gray-700">
        {excerpt(JSON.stringify(value))}
      </summary>
      <pre className="mt-1 max-h-96 overflow-auto whitespace-pre-wrap break-all rounded bg-gray-50 p-2 text-xs">
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}

/**
 * An error as the engine stores it ({ name, message, stack? }): "name: message" as the summary,
 * the stack (or, for any other shape, the JSON) inside.
 */
export function ErrorDetails({ error, testId }: { error: JsonValue | null; testId?: string }) {
  if (error === null) return null;
  const fields =
    typeof error === "object" && !Array.isArray(error)
      ? (error as { name?: unknown; message?: unknown; stack?: unknown })
      : {};
  const headline =
    [fields.name, fields.message].filter((part): part is string => typeof part === "string").join(": ") ||
    JSON.stringify(error);
  const body = typeof fields.stack === "string" ? fields.stack : JSON.stringify(error, null, 2);
  return (
    <details className="max-w-xl text-red-700" data-testid={testId}>
      <summary className="cursor-pointer break-all font-mono text-xs">{excerpt(headline)}</summary>
      <pre className="mt-1 max-h-96 overflow-auto whitespace-pre-wrap break-all rounded bg-red-50 p-2 text-xs">
        {body}
      </pre>
    </details>
  );
}
