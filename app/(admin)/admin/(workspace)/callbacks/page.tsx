import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { SmallAction } from "@/components/admin/small-action";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";
import { listCallbackTasks } from "@/lib/surveys/callback-tasks";
import { completeCallbackAction } from "./actions";

export default async function CallbacksPage() {
  const actor = await requireStaffPage("page.callbacks", "/admin/callbacks");
  const [tasks, t, format] = await Promise.all([
    listCallbackTasks({ db, actor }),
    getTranslations("admin.callbacks"),
    getFormatter(),
  ]);
  return (
    <section>
      <h1 className="mb-1 text-xl font-semibold">{t("title")}</h1>
      <p className="mb-4 text-sm text-gray-600">{t("intro")}</p>
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
                <td className="px-3 py-2">{t(`reasons.${task.reason}` as "reasons.churn_warning")}</td>
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
                    />
                  ) : (
                    t("doneAt", { date: format.dateTime(task.doneAt!, { dateStyle: "short" }) })
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
