import { getTranslations } from "next-intl/server";

const primary = "w-full rounded-full bg-brand py-2.5 text-sm font-medium text-white";
const secondary = "w-full rounded-full border border-gray-300 py-2.5 text-sm text-gray-700";

/**
 * "You are signed in as 王*; continue as 李*?" A plain form posted to /h5/enter (no script needed):
 * the POST is checked for our origin there, and carries the jti of the link shown here.
 */
export async function SwitchCustomer({
  jti,
  orderNo,
  linkCustomer,
  currentCustomer,
}: {
  jti: string;
  orderNo: string;
  linkCustomer: string;
  currentCustomer: string | null;
}) {
  const t = await getTranslations("h5.switch");
  return (
    <section className="space-y-4 py-6" data-testid="switch-customer">
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      {currentCustomer ? (
        <p className="text-sm text-gray-700" data-testid="switch-current">
          {t("signedInAs", { name: currentCustomer })}
        </p>
      ) : null}
      <p className="text-sm text-gray-700" data-testid="switch-link">
        {t("linkFor", { name: linkCustomer, orderNo })}
      </p>
      <p className="rounded-lg bg-amber-50 px-3 py-2 text-xs text-amber-900">{t("warning")}</p>
      <form method="post" action="/h5/enter" className="space-y-2">
        <input type="hidden" name="jti" value={jti} />
        <button name="decision" value="continue" className={primary} data-testid="switch-continue">
          {t("continue", { name: linkCustomer })}
        </button>
        <button name="decision" value="stay" className={secondary} data-testid="switch-stay">
          {currentCustomer ? t("stay", { name: currentCustomer }) : t("cancel")}
        </button>
      </form>
    </section>
  );
}
