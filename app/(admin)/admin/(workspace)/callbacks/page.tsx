import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { SmallAction } from "@/components/admin/small-action";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";
import { CALLBACK_OUTCOMES } from "@/lib/complaints/vocabulary/terms";
import { shanghaiDayStart, shanghaiToday } from "@/lib/shanghai-day";
import { callbackSummary, listCallbackTasks } from "@/lib/surveys/callback-tasks";
import { completeCallbackAction } from "./actions";

const box = "rounded border border-gray-300 px-2 py-1";

export default async function CallbacksPage() {
  const actor = await requireStaffPage("page.callbacks", "/admin/callbacks");
  // This month, Shanghai time: the monthly sample lands on the 1st.
  const monthStart = shanghaiDayStart(`${shanghaiToday(new Date()).slice(0, 8)}01`);
  const [tasks, summary, t, format] = await Promise.all([
    listCallbackTasks({ db, actor }),
    callbackSummary({ db, actor, since: monthStart }),
    getTranslations("admin.callbacks"),
    getFormatter(),
  ]);
  return (
    <section>
      <h1 className="mb-1 text-xl font-semibold">{t("title")}</h1>
      <p className="mb-2 text-sm text-gray-600">{t("intro")}</p>
      <p className="mb-4 text-sm text-gray-700" data-testid="callback-summary">
        {t("summary", { tasks: summary.tasks, done: summary.done, suggestions: summary.suggestions })}{" "}
        {format.list(
          CALLBACK_OUTCOMES.filter((outcome) => summary.byOutcome[outcome] > 0).map(
            (outcome) => `${t(`outcomes.${outcome}`)} ${summary.byOutcome[outcome]}`,
          ),
        )}
      </p>
      <div className="overflow-x-auto rounded-lg bg-white shadow">
        <table className="min-w-full text-left text-sm" data-testid="callback-tasks">
          <tbody>
            {tasks.map((task) => (
              <tr key={task.id} className="border-t border-gray-100" data-status={task.status}>
                <td className="px-3 py-2">
                  {format.dateTime(task.createdAt, { dateStyle: "short", timeStyle: "short" })}
                </td>
                <td className="px-3 py-2">
                  {task.customer.name}
                  {task.customer.tier === "vip" ? " · VIP" : ""} · {task.customer.region}
                </td>
                <td className="px-3 py-2">{task.reason ? t(`reasons.${task.reason}`) : null}</td>
                <td className="px-3 py-2">
                  {task.complaintId ? (
                    <Link className="text-brand underline" href={`/admin/complaints/${task.complaintId}`}>
                      {t("complaint")}
                    </Link>
                  ) : null}
                </td>
                <td className="px-3 py-2">
                  {task.status === "open" ? (
                    <SmallAction
                      action={completeCallbackAction}
                      fields={{ taskId: task.id }}
                      label={t("done")}
                      testId="complete-callback"
                    >
                      <select name="outcome" required defaultValue="" aria-label={t("outcome")} className={box}>
                        <option value="" disabled>
                          {t("outcome")}
                        </option>
                        {CALLBACK_OUTCOMES.map((outcome) => (
                          <option key={outcome} value={outcome}>
                            {t(`outcomes.${outcome}`)}
                          </option>
                        ))}
                      </select>
                      <input
                        name="suggestion"
                        maxLength={500}
                        placeholder={t("suggestion")}
                        aria-label={t("suggestion")}
                        className={box}
                      />
                    </SmallAction>
                  ) : (
                    <span data-testid="callback-result">
                      {t("doneAt", { date: format.dateTime(task.doneAt!, { dateStyle: "short" }) })}
                      {task.doneBy ? ` · ${task.doneBy.name}` : ""}
                      {task.outcome ? ` · ${t(`outcomes.${task.outcome}`)}` : ""}
                      {task.suggestion ? (
                        <span className="block text-xs text-gray-600">
                          {t("suggestionSaid", { text: task.suggestion })}
                        </span>
                      ) : null}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {tasks.length === 0 ? <p className="p-3 text-sm text-gray-500">{t("none")}</p> : null}
      </div>
    </section>
  );
}
