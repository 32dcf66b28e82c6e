import type { Messages } from "./messages";

type Namespace = keyof Messages;

/**
 * The message namespaces each part's client components read (checked against the components'
 * own calls by tests/integration/client-messages.test.ts). Only these travel to the browser: a
 * provider without a `messages` prop sends every namespace of the locale, about 68 KB of JSON in
 * every page's RSC payload and again in its HTML — on a customer's phone, and rendered by the
 * server on every H5 request (the form's submit answers with the complaint page too).
 */
export const CLIENT_NAMESPACES = {
  h5: ["h5", "taxonomy", "errors", "compensation", "locale", "ratingTags"],
  staff: ["admin", "taxonomy", "status", "priority", "outcomes", "qa", "locale"],
} as const satisfies Record<string, readonly Namespace[]>;

export type ClientPart = keyof typeof CLIENT_NAMESPACES;

/** The part of a locale's messages a part's client components may read. */
export function clientMessages({ messages, part }: { messages: Messages; part: ClientPart }): Partial<Messages> {
  return Object.fromEntries(CLIENT_NAMESPACES[part].map((namespace) => [namespace, messages[namespace]]));
}
