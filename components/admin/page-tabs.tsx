import Link from "next/link";

/** Pill links between the pages of one section (settings, knowledge base). */
export function PageTabs({ tabs, current }: { tabs: { key: string; href: string; label: string }[]; current: string }) {
  return (
    <nav className="mb-4 flex flex-wrap gap-2 text-sm">
      {tabs.map((tab) => (
        <Link
          key={tab.key}
          href={tab.href}
          aria-current={tab.key === current ? "page" : undefined}
          className={`rounded-full border px-3 py-1 ${tab.key === current ? "border-brand bg-green-50 text-brand" : "border-gray-300"}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
