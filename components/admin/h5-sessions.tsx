import { getFormatter, getTranslations } from "next-intl/server";
import type { H5SessionState } from "@/lib/auth/manage-h5-sessions";
import type { FormState } from "@/lib/forms/form-state";
import { SmallAction } from "./small-action";

export type H5SessionRow = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  orderNos: string[];
  state: H5SessionState;
  revokedByName: string | null;
  userAgent: string | null;
  network: string | null;
};

const STATE_STYLE: Record<H5SessionState, string> = {
  active: "bg-green-100 text-green-800",
  idle: "bg-gray-100 text-gray-600",
  expired: "bg-gray-100 text-gray-600",
  revoked: "bg-red-100 text-red-800",
  superseded: "bg-gray-100 text-gray-600",
  switched: "bg-gray-100 text-gray-600",
};

/** The customer's H5 sessions on the complaint page, each active one with a revoke button. */
export async function H5Sessions({
  complaintId,
  sessions,
  revoke,
}: {
  complaintId: string;
  sessions: H5SessionRow[];
  revoke: (state: FormState, formData: FormData) => Promise<FormState>;
}) {
  const [t, format] = [await getTranslations("admin.sessions"), await getFormatter()];
  const when = (date: Date) => format.dateTime(date, { dateStyle: "short", timeStyle: "short" });
  return (
    <div className="space-y-2 text-sm">
      <p className="text-xs text-gray-500">{t("hint")}</p>
      {sessions.length === 0 ? <p className="text-gray-400">{t("none")}</p> : null}
      <ul className="divide-y divide-gray-100">
        {sessions.map((session) => (
          <li key={session.id} className="space-y-1 py-2" data-testid="h5-session" data-state={session.state}>
            <div className="flex items-center justify-between gap-2">
              <span className={`rounded px-1.5 py-0.5 text-xs ${STATE_STYLE[session.state]}`}>
                {t(`states.${session.state}`)}
                {session.state === "revoked" && session.revokedByName
                  ? ` · ${t("revokedBy", { name: session.revokedByName })}`
                  : null}
              </span>
              <span className="font-mono text-xs text-gray-500">{session.orderNos.join(", ")}</span>
            </div>
            <p className="text-xs text-gray-500">
              {t("created")} {when(session.createdAt)} · {t("lastSeen")} {when(session.lastSeenAt)}
            </p>
            <p className="truncate text-xs text-gray-400" title={session.userAgent ?? undefined}>
              {session.network ?? "—"} · {session.userAgent ?? "—"}
            </p>
            {session.state === "active" ? (
              <SmallAction
                action={revoke}
                fields={{ complaintId, sessionId: session.id }}
                label={t("revoke")}
                testId="h5-session-revoke"
              />
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
