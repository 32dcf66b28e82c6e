import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CATEGORIES, CATEGORY_GROUPS } from "@/lib/complaints/vocabulary/taxonomy";
import { SLA_STATES, type QueueFilter } from "@/lib/complaints/queue/queue-filter";
import { PRIORITIES, STATUSES } from "@/lib/complaints/vocabulary/terms";
import { categoryKey } from "@/lib/complaints/vocabulary/label-keys";

const box = "rounded border border-gray-300 bg-white px-2 py-1";

/** A plain GET form: the filters land in the URL, so any view can be bookmarked and shared. */
export async function QueueFilters({
  filter,
  staff,
  groups,
}: {
  filter: QueueFilter;
  staff: { id: string; name: string }[];
  /** Handling groups: code → name in the viewer's language. */
  groups: Record<string, string>;
}) {
  const t = await getTranslations();
  const f = (key: string) => t(`admin.queue.filters.${key}` as "admin.queue.filters.any");
  return (
    <form
      method="get"
      className="mb-4 grid grid-cols-2 gap-3 rounded-lg bg-white p-3 text-sm shadow md:grid-cols-4 lg:grid-cols-6"
      data-testid="queue-filters"
    >
      <fieldset className="col-span-2">
        <legend className="mb-1 text-gray-600">{f("status")}</legend>
        <div className="flex flex-wrap gap-2">
          {STATUSES.map((s) => (
            <label key={s} className="flex items-center gap-1">
              <input type="checkbox" name="status" value={s} defaultChecked={filter.status.includes(s)} />
              {t(`status.${s}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend className="mb-1 text-gray-600">{f("priority")}</legend>
        <div className="flex flex-wrap gap-2">
          {PRIORITIES.map((p) => (
            <label key={p} className="flex items-center gap-1">
              <input type="checkbox" name="priority" value={p} defaultChecked={filter.priority.includes(p)} />
              {t(`priority.${p}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="flex flex-col">
        {f("category")}
        <select name="category" defaultValue={filter.category[0] ?? ""} className={box}>
          <option value="">{f("any")}</option>
          {CATEGORY_GROUPS.map((group) => (
            <optgroup key={group} label={t(`taxonomy.${group}.label`)}>
              {CATEGORIES.filter((c) => c.startsWith(`${group}.`)).map((c) => (
                <option key={c} value={c}>
                  {t(categoryKey(c))}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="flex flex-col">
        {f("group")}
        <select name="group" defaultValue={filter.group[0] ?? ""} className={box}>
          <option value="">{f("any")}</option>
          <option value="mine">{f("myGroups")}</option>
          {Object.entries(groups).map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col">
        {f("assignee")}
        <select name="assignee" defaultValue={filter.assignee ?? ""} className={box}>
          <option value="">{f("any")}</option>
          <option value="me">{f("me")}</option>
          <option value="none">{f("none")}</option>
          {staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col">
        {f("sla")}
        <select name="sla" defaultValue={filter.sla.join(",")} className={box}>
          <option value="">{f("any")}</option>
          {SLA_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`admin.queue.slaStates.${s}`)}
            </option>
          ))}
          {filter.sla.length > 1 ? (
            <option value={filter.sla.join(",")}>
              {filter.sla.map((s) => t(`admin.queue.slaStates.${s}`)).join(" + ")}
            </option>
          ) : null}
        </select>
      </label>
      <label className="flex flex-col">
        {f("region")}
        <input name="region" defaultValue={filter.region} className={box} />
      </label>
      <label className="flex flex-col">
        {f("from")}
        <input type="date" name="from" defaultValue={filter.from} className={box} />
      </label>
      <label className="flex flex-col">
        {f("to")}
        <input type="date" name="to" defaultValue={filter.to} className={box} />
      </label>
      <label className="col-span-2 flex flex-col">
        {f("q")}
        <input type="search" name="q" defaultValue={filter.q} className={box} />
      </label>
      <label className="flex items-center gap-1 self-end">
        <input type="checkbox" name="vip" value="1" defaultChecked={filter.vip === "1"} />
        {f("vip")}
      </label>
      {filter.product ? (
        // Only a dashboard rate opens the queue on a product: shown, and kept when other filters change.
        <label className="flex items-center gap-1 self-end" data-testid="queue-product">
          <input type="checkbox" name="product" value={filter.product} defaultChecked />
          {t("admin.queue.filters.productValue", { sku: filter.product })}
        </label>
      ) : null}
      {filter.sort ? <input type="hidden" name="sort" value={filter.sort} /> : null}
      {filter.dir ? <input type="hidden" name="dir" value={filter.dir} /> : null}
      <div className="flex items-end gap-3">
        <button className="rounded bg-brand px-3 py-1.5 text-white">{f("apply")}</button>
        <Link href="/admin/complaints" className="text-gray-600 underline">
          {f("reset")}
        </Link>
      </div>
    </form>
  );
}
