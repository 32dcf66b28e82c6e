import { ERROR_STATUS, type ErrorCode } from "../errors";
import type { Locale } from "../i18n/config";
import { translatorFor } from "../i18n/translator";

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A small self-contained page for failures that must carry a 4xx status (a page component can
 * only answer 200 or 404), e.g. a tampered or expired H5 link. Its style is a file, not inline:
 * the page CSP (proxy.ts) allows only same-origin or nonced styles.
 */
export function renderErrorPage({ locale, code }: { locale: Locale; code: ErrorCode }): Response {
  const t = translatorFor(locale) as unknown as (key: string) => string;
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(t("errors.title"))}</title>
<link rel="stylesheet" href="/h5-error.css"></head>
<body><main><h1>${escape(t("errors.title"))}</h1><p data-error-code="${code}">${escape(t(`errors.${code}`))}</p></main></body></html>`;
  return new Response(html, { status: ERROR_STATUS[code], headers: { "content-type": "text/html; charset=utf-8" } });
}
