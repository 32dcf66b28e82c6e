import { getFormatter, getTranslations } from "next-intl/server";
import { EditForm } from "@/components/admin/edit-form";
import { SmallAction } from "@/components/admin/small-action";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";
import { riskOverview } from "@/lib/risk/risk-warnings";
import { MINIMUM_HISTORY } from "@/lib/risk/train-risk-model";
import { markRiskContactedAction, retrainRiskModelAction, updateRiskWarningAction } from "./actions";

const box = "rounded border border-gray-300 px-2 py-1";
const cell = "px-3 py-2";

/**
 * High-risk orders (issue 17, point 5; seed 001 智能预判): the newest model's time-split
 * evaluation (ROC AUC, calibration), the warning threshold, and the orders of the last 7 days the
 * model expects to end in a complaint — for a call before the customer complains.
 */
export default async function RiskPage() {
  const actor = await requireStaffPage("page.risk", "/admin/risk");
  const [{ model, warning, list }, t, format] = await Promise.all([
    riskOverview({ db, actor }),
    getTranslations("risk"),
    getFormatter(),
  ]);
  const day = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeZone: "Asia/Shanghai" });
  const when = (d: Date) => format.dateTime(d, { dateStyle: "short", timeStyle: "short", timeZone: "Asia/Shanghai" });
  const percent = (x: number) => format.number(x, { style: "percent", maximumFractionDigits: 1 });
  const number = (x: number) => format.number(x, { maximumFractionDigits: 3 });
  return (
    <section className="space-y-4">
      <div>
        <h1 className="mb-1 text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-gray-600">{t("intro")}</p>
        <p className="mt-2 rounded bg-amber-50 p-2 text-sm text-amber-900" data-testid="risk-honesty">
          {t("honesty")}
        </p>
      </div>

      <div className="rounded-lg bg-white p-4 shadow" data-testid="risk-model">
        <h2 className="mb-2 font-semibold">{t("model")}</h2>
        {model ? (
          <div className="space-y-2 text-sm">
            <p>
              {t("trained", {
                when: when(model.trainedAt),
                trigger: t(`triggers.${model.trigger}` as "triggers.manual"),
              })}
            </p>
            <p>
              {t("split", {
                trainFrom: day(model.trainFrom),
                testFrom: day(model.testFrom),
                testTo: day(model.testTo),
                trainOrders: model.trainOrders,
                trainPositives: model.trainPositives,
                testOrders: model.testOrders,
                testPositives: model.testPositives,
              })}
            </p>
            <p data-testid="risk-auc">
              {model.auc === null ? t("aucUndefined") : t("auc", { auc: number(model.auc) })}
              {model.brier === null ? null : ` · ${t("brier", { brier: number(model.brier) })}`}
            </p>
            <table className="text-left" data-testid="risk-calibration">
              <caption className="text-left text-gray-500">{t("calibration")}</caption>
              <thead className="text-gray-500">
                <tr>
                  <th className={cell}>{t("predicted")}</th>
                  <th className={cell}>{t("observed")}</th>
                  <th className={cell}>{t("orders")}</th>
                </tr>
              </thead>
              <tbody>
                {model.calibration.map((bin, index) => (
                  <tr key={index} className="border-t border-gray-100">
                    <td className={cell}>{percent(bin.predicted)}</td>
                    <td className={cell}>{percent(bin.observed)}</td>
                    <td className={cell}>{bin.orders}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="text-sm text-gray-600" data-testid="risk-no-model">
            {t("noModel", {
              trainOrders: MINIMUM_HISTORY.trainOrders,
              trainPositives: MINIMUM_HISTORY.trainPositives,
              testOrders: MINIMUM_HISTORY.testOrders,
            })}
          </p>
        )}
        {can(actor.role, "risk.manage") ? (
          <div className="mt-3 flex flex-wrap items-end gap-4">
            <SmallAction
              action={retrainRiskModelAction}
              fields={{ confirm: "retrain" }}
              label={t("retrain")}
              testId="risk-retrain"
            />
            <EditForm action={updateRiskWarningAction} testId="risk-threshold">
              <input type="hidden" name="expectedVersion" value={warning.version} />
              <label className="flex flex-col text-sm">
                {t("threshold")}
                <input
                  name="threshold"
                  type="number"
                  min={0.01}
                  max={0.99}
                  step={0.01}
                  required
                  defaultValue={warning.value.threshold}
                  className={box}
                />
              </label>
            </EditForm>
          </div>
        ) : null}
      </div>

      <div className="overflow-x-auto rounded-lg bg-white shadow">
        <h2 className="p-3 font-semibold">{t("listTitle", { threshold: percent(warning.value.threshold) })}</h2>
        <table className="min-w-full text-left text-sm" data-testid="risk-orders">
          <thead className="text-gray-500">
            <tr>
              <th className={cell}>{t("order")}</th>
              <th className={cell}>{t("customer")}</th>
              <th className={cell}>{t("region")}</th>
              <th className={cell}>{t("placed")}</th>
              <th className={cell}>{t("promised")}</th>
              <th className={cell}>{t("score")}</th>
              <th className={cell}>{t("why")}</th>
              <th className={cell}>{t("contact")}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((order) => (
              <tr key={order.id} className="border-t border-gray-100" data-order={order.orderNo}>
                <td className={cell}>{order.orderNo}</td>
                <td className={cell}>
                  {order.customerName}
                  {order.tier === "vip" ? ` · ${t("vip")}` : null}
                </td>
                <td className={cell}>{order.region}</td>
                <td className={cell}>{when(order.placedAt)}</td>
                <td className={cell}>{order.promisedAt ? when(order.promisedAt) : "—"}</td>
                <td className={cell} data-testid="risk-score">
                  {percent(order.score)}
                </td>
                <td className={cell}>{order.reasons.map((r) => t(`reasons.${r}`)).join(" · ")}</td>
                <td className={cell}>
                  {order.contactedAt ? (
                    t("contactedBy", { name: order.contactedBy ?? "—", when: when(order.contactedAt) })
                  ) : can(actor.role, "risk.contact") ? (
                    <SmallAction
                      action={markRiskContactedAction}
                      fields={{ orderId: order.id }}
                      label={t("markContacted")}
                      testId="risk-contacted"
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.length === 0 ? <p className="p-3 text-sm text-gray-500">{t("none")}</p> : null}
      </div>
    </section>
  );
}
