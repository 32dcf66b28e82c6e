import { getTranslations } from "next-intl/server";

export async function SignedOut() {
  const t = await getTranslations("h5.signedOut");
  return (
    <section className="py-16 text-center" data-testid="signed-out">
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      <p className="mt-2 text-sm text-gray-600">{t("body")}</p>
    </section>
  );
}
