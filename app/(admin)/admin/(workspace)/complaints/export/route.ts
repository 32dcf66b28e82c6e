import { getLocale, getTranslations } from "next-intl/server";
import { problemResponse } from "@/lib/api/problem";
import { requireStaff } from "@/lib/auth/staff-session";
import { EXPORT_FORMATS, startExport } from "@/lib/complaints/export/export-complaints";
import { csvStream, exportColumns, xlsxStream } from "@/lib/complaints/export/export-formats";
import { queueFilterFromSearchParams } from "@/lib/complaints/queue/queue-filter";
import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/config";
import { timed } from "@/lib/metrics/registry";
import { categoryKey, priorityKey, statusKey } from "@/lib/complaints/vocabulary/label-keys";
import { groupNamesByCode } from "@/lib/staff/handling-groups";

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

/** The queue's current filter as a streamed CSV or XLSX download (?format=csv|xlsx plus the queue's parameters). */
async function handleGet(request: Request) {
  const locale = (await getLocale()) as Locale;
  try {
    const actor = await requireStaff("complaints.export");
    const params = new URL(request.url).searchParams;
    const format = params.get("format") ?? "csv";
    if (!(EXPORT_FORMATS as readonly string[]).includes(format))
      throw new AppError("validation_failed", { fields: [{ path: "format", code: "enum" }] });
    const filter = queueFilterFromSearchParams(params);
    const contactsReason = (params.get("reason") ?? "").slice(0, 200) || undefined;
    const { rows } = await startExport({
      db,
      actor,
      filter,
      format: format as (typeof EXPORT_FORMATS)[number],
      contactsReason,
      keyring: appKeyring(),
    });
    const t = await getTranslations("admin.export");
    const all = await getTranslations();
    const groupNames = await groupNamesByCode({ db, locale });
    const columns = exportColumns({
      header: (key) => t(`columns.${key}`),
      tier: (code) => t(`tiers.${code}` as "tiers.vip"),
      category: (code) => all(categoryKey(code)),
      status: (code) => all(statusKey(code)),
      priority: (code) => all(priorityKey(code)),
      group: (code) => groupNames[code] ?? code,
    });
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, "");
    const body = format === "xlsx" ? xlsxStream(rows, columns, t("sheet")) : csvStream(rows, columns);
    return new Response(body, {
      headers: {
        "content-type": CONTENT_TYPES[format as keyof typeof CONTENT_TYPES],
        "content-disposition": `attachment; filename="kesu-complaints-${stamp}.${format}"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return problemResponse(error, locale);
  }
}

export const GET = timed("/admin/complaints/export", handleGet);
