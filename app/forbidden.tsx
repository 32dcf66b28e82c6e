import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function Forbidden() {
  const t = await getTranslations("admin.forbidden");
  return (
    <main className="mx-auto mt-16 max-w-md rounded-lg bg-white p-6 text-center shadow" data-testid="forbidden">
      <h1 className="mb-2 text-xl font-semibold">{t("title")}</h1>
      <p className="mb-4 text-gray-600">{t("body")}</p>
      <Link href="/admin/complaints" className="text-brand underline">
        {t("back")}
      </Link>
    </main>
  );
}
