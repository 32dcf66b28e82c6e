import Link from "next/link";
import { getTranslations } from "next-intl/server";

export async function SettingsTabs({ current }: { current: "sla" | "channels" }) {
  const t = await getTranslations("admin.channels.tabs");
  return (
    <nav className="mb-4 flex gap-2 text-sm">
      {(["sla", "channels"] as const).map((tab) => (
        <Link key={tab} href={`/admin/settings/${tab}`} className={`rounded-full border px-3 py-1 ${tab === current ? "border-brand bg-green-50 text-brand" : "border-gray-300"}`}>
          {t(tab)}
        </Link>
      ))}
    </nav>
  );
}
