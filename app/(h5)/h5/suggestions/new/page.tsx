import { getTranslations } from "next-intl/server";
import { SignedOut } from "@/components/h5/signed-out";
import { SuggestionForm } from "@/components/h5/suggestion-form";
import { getH5Session } from "@/lib/auth/h5-session";
import { isOrderInScope } from "@/lib/auth/h5-scope";
import { SUGGESTION_MAX_LENGTH } from "@/lib/suggestions/submit-suggestion";
import { submitSuggestionAction } from "../../actions";

export const dynamic = "force-dynamic";

/** A suggestion, not a complaint: no type, no photos, no SLA. */
export default async function NewSuggestionPage({
  searchParams,
}: {
  searchParams: Promise<{ orderNo?: string | string[] }>;
}) {
  const session = await getH5Session();
  if (!session) return <SignedOut />;
  const [t, { orderNo }] = [await getTranslations("h5.suggest"), await searchParams];
  const preset = typeof orderNo === "string" && isOrderInScope(session.principal, orderNo) ? orderNo : undefined;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-gray-600">{t("intro")}</p>
      </div>
      <SuggestionForm
        orderNos={session.principal.orderNos}
        presetOrderNo={preset}
        maxLength={SUGGESTION_MAX_LENGTH}
        submitSuggestionAction={submitSuggestionAction}
      />
    </div>
  );
}
