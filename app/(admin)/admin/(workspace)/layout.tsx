import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { SignOutButton } from "@/components/admin/sign-out-button";
import { LanguageSwitcher } from "@/components/h5/language-switcher";
import { setLocaleAction } from "@/app/(h5)/h5/actions";
import { can } from "@/lib/auth/permissions";
import { getStaffActor } from "@/lib/auth/staff-session";

export default async function WorkspaceLayout({ children }: { children: React.ReactNode }) {
  // Pages check their own permission; the layout only needs someone signed in to draw the nav.
  const actor = await getStaffActor();
  if (!actor) redirect("/admin/sign-in");
  const [t, locale] = [await getTranslations("admin"), await getLocale()];
  const links = [
    { href: "/admin", label: t("nav.dashboard"), show: can(actor.role, "page.dashboard") },
    { href: "/admin/complaints", label: t("nav.queue"), show: can(actor.role, "page.queue") },
    { href: "/admin/qa", label: t("nav.qa"), show: can(actor.role, "page.qa") },
    { href: "/admin/audit", label: t("nav.audit"), show: can(actor.role, "page.audit") },
    { href: "/admin/alerts", label: t("nav.alerts"), show: can(actor.role, "page.alerts") },
    { href: "/admin/suggestions", label: t("nav.suggestions"), show: can(actor.role, "page.suggestions") },
    { href: "/admin/ratings", label: t("nav.ratings"), show: can(actor.role, "page.ratings") },
    { href: "/admin/knowledge", label: t("nav.knowledge"), show: can(actor.role, "page.knowledge") },
    { href: "/admin/reports", label: t("nav.reports"), show: can(actor.role, "page.reports") },
    { href: "/admin/callbacks", label: t("nav.callbacks"), show: can(actor.role, "page.callbacks") },
    { href: "/admin/plans", label: t("nav.plans"), show: can(actor.role, "page.plans") },
    { href: "/admin/risk", label: t("nav.risk"), show: can(actor.role, "page.risk") },
    { href: "/admin/experiments", label: t("nav.experiments"), show: can(actor.role, "page.experiments") },
    { href: "/admin/outbox", label: t("nav.outbox"), show: can(actor.role, "page.outbox") },
    { href: "/admin/workflows", label: t("nav.workflows"), show: can(actor.role, "page.workflows") },
    { href: "/admin/settings/sla", label: t("nav.settings"), show: can(actor.role, "page.settings") },
  ];
  return (
    <div className="min-h-dvh">
      <header className="border-b border-gray-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-3">
          <span className="font-semibold text-brand">{t("home.title")}</span>
          <nav className="flex flex-wrap gap-3 text-sm">
            {links
              .filter((l) => l.show)
              .map((l) => (
                <Link key={l.href} href={l.href} className="text-gray-700 hover:text-brand">
                  {l.label}
                </Link>
              ))}
          </nav>
          <div className="ml-auto flex items-center gap-3">
            <span className="text-sm text-gray-500" data-testid="signed-in-as">
              {t("nav.signedInAs", { name: actor.name, role: t(`roles.${actor.role}`) })}
            </span>
            <LanguageSwitcher current={locale} setLocaleAction={setLocaleAction} />
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-4">{children}</main>
    </div>
  );
}
