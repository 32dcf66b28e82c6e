import { getTranslations } from "next-intl/server";
import { CategorySelect } from "@/components/admin/category-select";
import { EditForm } from "@/components/admin/edit-form";
import { EditableList } from "@/components/admin/editable-list";
import { KnowledgeTabs } from "@/components/admin/knowledge-tabs";
import { LocaleSelect } from "@/components/admin/locale-select";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";
import { listAllTemplates } from "@/lib/knowledge/manage-templates";
import { saveTemplateAction } from "../actions";
import { categoryKey } from "@/lib/complaints/vocabulary/label-keys";

const box = "w-full rounded border border-gray-300 px-2 py-1";
type Template = Awaited<ReturnType<typeof listAllTemplates>>[number];

async function TemplateFields({ template }: { template?: Template }) {
  const t = await getTranslations("admin.knowledge");
  return (
    <>
      <div className="grid grid-cols-2 gap-2">
        <label className="flex flex-col">
          {t("templates.code")}
          <input name="code" required maxLength={40} defaultValue={template?.code} className={box} />
        </label>
        <label className="flex flex-col">
          {t("templates.titleLabel")}
          <input name="title" required maxLength={60} defaultValue={template?.title} className={box} />
        </label>
      </div>
      <div className="grid grid-cols-2 gap-2">
        <label className="flex flex-col">
          {t("templates.category")}
          <CategorySelect
            name="category"
            defaultValue={template?.category}
            emptyLabel={t("templates.general")}
            className={box}
          />
        </label>
        <label className="flex flex-col">
          {t("faq.locale")}
          <LocaleSelect name="locale" defaultValue={template?.locale} className={box} />
        </label>
      </div>
      <label className="flex flex-col">
        {t("templates.body")}
        <textarea name="body" required maxLength={1000} rows={3} defaultValue={template?.body} className={box} />
      </label>
      <label className="flex items-center gap-1">
        <input type="checkbox" name="active" defaultChecked={template?.active ?? true} />
        {t("active")}
      </label>
    </>
  );
}

export default async function TemplatesPage() {
  const actor = await requireStaffPage("page.knowledge", "/admin/knowledge/templates");
  const [templates, t, all] = await Promise.all([
    listAllTemplates({ db, actor }),
    getTranslations("admin.knowledge"),
    getTranslations(),
  ]);
  const editable = can(actor.role, "knowledge.edit");
  return (
    <section>
      <KnowledgeTabs current="templates" />
      <h1 className="mb-1 text-xl font-semibold">{t("tabs.templates")}</h1>
      <p className="mb-4 text-sm text-gray-600">
        {t("templates.intro")} {editable ? null : t("readOnly")}
      </p>
      {templates.length === 0 ? <p className="text-gray-500">{t("templates.none")}</p> : null}
      <EditableList
        itemTestId="template"
        editable={editable}
        editLabel={t("edit")}
        addLabel={t("add")}
        addForm={
          <EditForm action={saveTemplateAction} testId="template-form-new">
            <TemplateFields />
          </EditForm>
        }
        items={templates.map((template) => ({
          id: template.id,
          active: template.active,
          content: (
            <>
              <p className="font-medium">
                {template.title} <span className="font-mono text-xs text-gray-500">{template.code}</span>{" "}
                <span className="text-xs text-gray-500" data-testid="template-locale">
                  {all(`locale.${template.locale}` as "locale.en")}
                </span>
              </p>
              <p className="whitespace-pre-wrap text-gray-700">{template.body}</p>
              <p className="text-xs text-gray-500">
                {template.category ? all(categoryKey(template.category)) : t("templates.general")} ·{" "}
                {template.active ? t("active") : t("inactive")}
              </p>
            </>
          ),
          form: (
            <EditForm action={saveTemplateAction} id={template.id} testId="template-form">
              <TemplateFields template={template} />
            </EditForm>
          ),
        }))}
      />
    </section>
  );
}
