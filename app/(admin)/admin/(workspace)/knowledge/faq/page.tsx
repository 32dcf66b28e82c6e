import { getFormatter, getTranslations } from "next-intl/server";
import { EditForm } from "@/components/admin/edit-form";
import { EditableList } from "@/components/admin/editable-list";
import { KnowledgeTabs } from "@/components/admin/knowledge-tabs";
import { LocaleSelect } from "@/components/admin/locale-select";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { CATEGORIES } from "@/lib/complaints/vocabulary/taxonomy";
import { db } from "@/lib/db";
import { listFaqEntries } from "@/lib/knowledge/manage-faq";
import { saveFaqAction } from "../actions";
import { categoryKey } from "@/lib/complaints/vocabulary/label-keys";

const box = "w-full rounded border border-gray-300 px-2 py-1";
type Entry = Awaited<ReturnType<typeof listFaqEntries>>[number];

async function FaqFields({ entry }: { entry?: Entry }) {
  const [t, all] = [await getTranslations("admin.knowledge"), await getTranslations()];
  return (
    <>
      <label className="flex flex-col">
        {t("faq.question")}
        <input name="question" required maxLength={200} defaultValue={entry?.question} className={box} />
      </label>
      <label className="flex flex-col">
        {t("faq.answer")}
        <textarea name="answer" required maxLength={2000} rows={3} defaultValue={entry?.answer} className={box} />
      </label>
      <fieldset className="flex flex-wrap gap-x-3 gap-y-1">
        <legend className="text-gray-600">{t("faq.categories")}</legend>
        {CATEGORIES.map((c) => (
          <label key={c} className="flex items-center gap-1">
            <input type="checkbox" name="categories" value={c} defaultChecked={entry?.categories.includes(c)} />
            {all(categoryKey(c))}
          </label>
        ))}
      </fieldset>
      <div className="flex flex-wrap items-center gap-4">
        <label className="flex items-center gap-2">
          {t("faq.locale")}
          <LocaleSelect
            name="locale"
            defaultValue={entry?.locale}
            className="rounded border border-gray-300 px-2 py-1"
          />
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" name="active" defaultChecked={entry?.active ?? true} />
          {t("active")}
        </label>
      </div>
    </>
  );
}

export default async function FaqPage() {
  const actor = await requireStaffPage("page.knowledge", "/admin/knowledge/faq");
  const [entries, t, all, format] = await Promise.all([
    listFaqEntries({ db, actor }),
    getTranslations("admin.knowledge"),
    getTranslations(),
    getFormatter(),
  ]);
  const editable = can(actor.role, "knowledge.edit");
  return (
    <section>
      <KnowledgeTabs current="faq" />
      <h1 className="mb-1 text-xl font-semibold">{t("tabs.faq")}</h1>
      <p className="mb-4 text-sm text-gray-600">
        {t("faq.intro")} {editable ? null : t("readOnly")}
      </p>
      {entries.length === 0 ? <p className="text-gray-500">{t("faq.none")}</p> : null}
      <EditableList
        itemTestId="faq-entry"
        editable={editable}
        editLabel={t("edit")}
        addLabel={t("add")}
        addForm={
          <EditForm action={saveFaqAction} testId="faq-form-new">
            <FaqFields />
          </EditForm>
        }
        items={entries.map((entry) => ({
          id: entry.id,
          active: entry.active,
          content: (
            <>
              <p className="font-medium">{entry.question}</p>
              <p className="whitespace-pre-wrap text-gray-700">{entry.answer}</p>
              <p className="text-xs text-gray-500">
                {all(`locale.${entry.locale}` as "locale.en")} · {entry.active ? t("active") : t("inactive")} ·{" "}
                <span data-testid="faq-self-serves">{t("faq.selfServes", { count: entry.selfServes })}</span>
                {entry.categories.length ? ` · ${format.list(entry.categories.map((c) => all(categoryKey(c))))}` : ""}
              </p>
            </>
          ),
          form: (
            <EditForm action={saveFaqAction} id={entry.id} testId="faq-form">
              <FaqFields entry={entry} />
            </EditForm>
          ),
        }))}
      />
    </section>
  );
}
