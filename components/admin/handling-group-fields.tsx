import { useTranslations } from "next-intl";
import { CategoryCheckboxes } from "./checkbox-group";

const box = "w-full rounded border border-gray-300 px-2 py-1";

type Group = {
  code: string;
  names: Record<string, string>;
  categories: string[];
  memberIds: string[];
  expertOnDutyId: string | null;
};
type Staff = { id: string; name: string; role: string; active: boolean };

/**
 * A handling group's form fields: its names, the complaint types routed to it (ticking one moves
 * it from its current group), members, and the expert on duty. Without `group`: a new group.
 */
export function HandlingGroupFields({ group, staff, vip }: { group?: Group; staff: Staff[]; vip: boolean }) {
  const t = useTranslations("admin.team");
  const all = useTranslations();
  const people = staff.filter((s) => s.active || group?.memberIds.includes(s.id));
  return (
    <>
      {group ? <input type="hidden" name="membersShown" value={group.memberIds.join(",")} /> : null}
      {group ? null : (
        <label className="flex flex-col">
          {t("groupCode")}
          <input name="code" required maxLength={32} pattern="[a-z][a-z0-9_]{1,31}" className={box} />
        </label>
      )}
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
        {(
          [
            ["nameZh", "zh-CN"],
            ["nameEn", "en"],
            ["nameEs", "es"],
          ] as const
        ).map(([field, locale]) => (
          <label key={field} className="flex flex-col">
            {t(`groupName.${locale}`)}
            <input name={field} required maxLength={40} defaultValue={group?.names[locale]} className={box} />
          </label>
        ))}
      </div>
      {vip ? (
        <p className="text-xs text-gray-600">{t("vipRoutesAll")}</p>
      ) : (
        <CategoryCheckboxes legend={t("groupCategories")} name="categories" checked={group?.categories} />
      )}
      <fieldset className="flex flex-wrap gap-x-3 gap-y-1">
        <legend className="text-gray-600">{t("groupMembers")}</legend>
        {people.map((member) => (
          <label key={member.id} className="flex items-center gap-1">
            <input
              type="checkbox"
              name="members"
              value={member.id}
              defaultChecked={group?.memberIds.includes(member.id)}
            />
            {member.name}{" "}
            <span className="text-xs text-gray-500">{all(`admin.roles.${member.role}` as "admin.roles.agent")}</span>
          </label>
        ))}
      </fieldset>
      {group ? (
        <label className="flex flex-col">
          {t("expertOnDuty")}
          <select name="expertOnDutyId" defaultValue={group.expertOnDutyId ?? ""} className={box}>
            <option value="">{t("noExpertOnDuty")}</option>
            {people
              .filter((member) => member.active && (member.role === "expert" || member.role === "supervisor"))
              .map((member) => (
                <option key={member.id} value={member.id}>
                  {member.name}
                </option>
              ))}
          </select>
        </label>
      ) : null}
    </>
  );
}
