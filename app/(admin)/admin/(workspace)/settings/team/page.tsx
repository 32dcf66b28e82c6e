import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { EditForm } from "@/components/admin/edit-form";
import { EditableList } from "@/components/admin/editable-list";
import { HandlingGroupFields } from "@/components/admin/handling-group-fields";
import { SettingsTabs } from "@/components/admin/settings-tabs";
import { SmallAction } from "@/components/admin/small-action";
import { STAFF_ROLES } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { categoryKey } from "@/lib/complaints/vocabulary/label-keys";
import { VIP_GROUP_CODE } from "@/lib/complaints/vocabulary/handling-groups";
import { db } from "@/lib/db";
import { listHandlingGroups } from "@/lib/staff/handling-groups";
import { listTeam } from "@/lib/staff/manage-team";
import { listVipCustomers } from "@/lib/customers/account-managers";
import {
  createGroupAction,
  inviteStaffAction,
  resetPasswordAction,
  setAccountManagerAction,
  updateGroupAction,
  updateStaffAction,
} from "./actions";

const box = "w-full rounded border border-gray-300 px-2 py-1";
type Member = Awaited<ReturnType<typeof listTeam>>["staff"][number];

async function MemberFields({ member, groups }: { member?: Member; groups: { code: string; name: string }[] }) {
  const [t, all] = [await getTranslations("admin.team"), await getTranslations()];
  return (
    <>
      <div className="grid grid-cols-2 gap-2">
        {member ? null : (
          <label className="col-span-2 flex flex-col">
            {t("email")}
            <input name="email" type="email" required maxLength={200} className={box} />
          </label>
        )}
        <label className="flex flex-col">
          {t("name")}
          <input name="name" required maxLength={60} defaultValue={member?.name} className={box} />
        </label>
        <label className="flex flex-col">
          {t("role")}
          <select name="role" defaultValue={member?.role ?? "agent"} className={box}>
            {STAFF_ROLES.map((role) => (
              <option key={role} value={role}>
                {all(`admin.roles.${role}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="flex flex-wrap gap-x-3 gap-y-1">
        <legend className="text-gray-600">{t("groups")}</legend>
        {groups.map(({ code, name }) => (
          <label key={code} className="flex items-center gap-1">
            <input type="checkbox" name="groups" value={code} defaultChecked={member?.groups.includes(code)} />
            {name}
          </label>
        ))}
      </fieldset>
      <label className="flex flex-col">
        {t("imUserId")}
        <input name="imUserId" maxLength={64} defaultValue={member?.imUserId ?? ""} className={box} />
      </label>
      {member ? (
        <label className="flex items-center gap-1">
          <input type="checkbox" name="active" defaultChecked={member.active} />
          {t("active")}
        </label>
      ) : null}
    </>
  );
}

/** Staff accounts: invite, edit role and groups, deactivate, password-reset links (admins only). */
export default async function TeamPage() {
  const actor = await requireStaffPage("page.team", "/admin/settings/team");
  const [{ staff }, handlingGroups, vip, locale, t, all, format] = await Promise.all([
    listTeam({ db, actor }),
    listHandlingGroups({ db, actor }),
    listVipCustomers({ db, actor }),
    getLocale(),
    getTranslations("admin.team"),
    getTranslations(),
    getFormatter(),
  ]);
  const groups = handlingGroups.map((g) => ({ code: g.code, name: g.names[locale] ?? g.code }));
  const groupName = (code: string) => groups.find((g) => g.code === code)?.name ?? code;
  const staffName = (id: string | null) => staff.find((member) => member.id === id)?.name;
  const status = (member: Member) =>
    !member.active ? t("statusInactive") : member.invited ? t("statusInvited") : t("statusActive");
  return (
    <section>
      <SettingsTabs current="team" role={actor.role} />
      <h1 className="mb-1 text-xl font-semibold">{t("title")}</h1>
      <p className="mb-4 text-sm text-gray-600">{t("intro")}</p>
      <EditableList
        itemTestId="team-member"
        editable
        editLabel={t("edit")}
        addLabel={t("invite")}
        addForm={
          <EditForm action={inviteStaffAction} testId="team-invite">
            <MemberFields groups={groups} />
          </EditForm>
        }
        items={staff.map((member) => ({
          id: member.id,
          active: member.active,
          content: (
            <>
              <p className="font-medium">
                {member.name} {member.id === actor.id ? t("you") : null}{" "}
                <span className="text-xs text-gray-500">{member.email}</span>
              </p>
              <p className="text-xs text-gray-600">
                {all(`admin.roles.${member.role}`)} · <span data-testid="team-member-status">{status(member)}</span>
              </p>
              <p className="text-xs text-gray-600">
                {member.groups.length ? format.list(member.groups.map(groupName)) : t("noGroups")}
                {member.imUserId ? ` · @${member.imUserId}` : ""}
              </p>
              {member.openComplaints > 0 ? (
                <p className="text-xs text-amber-700">{t("openComplaints", { count: member.openComplaints })}</p>
              ) : null}
              {member.active ? (
                <SmallAction
                  action={resetPasswordAction}
                  fields={{ id: member.id }}
                  label={t("resetPassword")}
                  testId="team-reset-password"
                />
              ) : null}
            </>
          ),
          form: (
            <EditForm action={updateStaffAction} id={member.id} testId="team-member-form">
              <MemberFields member={member} groups={groups} />
            </EditForm>
          ),
        }))}
      />
      <h2 className="mb-1 mt-6 text-lg font-semibold">{t("groupsTitle")}</h2>
      <p className="mb-2 text-sm text-gray-600">{t("groupsIntro")}</p>
      <EditableList
        itemTestId="handling-group"
        editable
        editLabel={t("edit")}
        addLabel={t("addGroup")}
        addForm={
          <EditForm action={createGroupAction} testId="handling-group-create">
            <HandlingGroupFields staff={staff} vip={false} />
          </EditForm>
        }
        items={handlingGroups.map((group) => ({
          id: group.id,
          active: true,
          content: (
            <>
              <p className="font-medium">
                {group.names[locale] ?? group.code} <span className="text-xs text-gray-500">{group.code}</span>
              </p>
              <p className="text-xs text-gray-600" data-testid="handling-group-categories">
                {group.code === VIP_GROUP_CODE
                  ? t("vipRoutesAll")
                  : group.categories.length
                    ? format.list(group.categories.map((c) => all(categoryKey(c))))
                    : t("groupNoCategories")}
              </p>
              <p className="text-xs text-gray-600">
                {t("groupMemberCount", { count: group.memberIds.length })}
                {" · "}
                {t("expertOnDuty")}: {staffName(group.expertOnDutyId) ?? t("noExpertOnDuty")}
              </p>
            </>
          ),
          form: (
            <EditForm action={updateGroupAction} id={group.id} testId="handling-group-form">
              <HandlingGroupFields group={group} staff={staff} vip={group.code === VIP_GROUP_CODE} />
            </EditForm>
          ),
        }))}
      />
      <h2 className="mb-1 mt-6 text-lg font-semibold">{t("vipTitle")}</h2>
      <p className="mb-2 text-sm text-gray-600">{t("vipIntro", { shown: vip.customers.length, total: vip.total })}</p>
      {vip.customers.length === 0 ? <p className="text-sm text-gray-500">{t("vipNone")}</p> : null}
      <ul className="divide-y divide-gray-100 rounded-lg bg-white text-sm shadow">
        {vip.customers.map((customer) => (
          <li
            key={customer.id}
            className="flex flex-wrap items-center justify-between gap-2 p-3"
            data-testid="vip-customer"
          >
            <span>
              {customer.name} <span className="text-xs text-gray-500">{customer.externalId}</span> · {customer.region} ·{" "}
              <span className="text-xs text-gray-500">
                {t(`vipSource.${customer.tierSource === "shop" ? "shop" : "spend"}`)}
              </span>
            </span>
            <SmallAction
              action={setAccountManagerAction}
              fields={{ customerId: customer.id }}
              label={t("vipSave")}
              testId="vip-account-manager"
            >
              <select
                name="staffId"
                defaultValue={customer.accountManagerId ?? ""}
                aria-label={t("vipManager")}
                className="rounded border border-gray-300 px-2 py-1"
              >
                <option value="">{t("vipNoManager")}</option>
                {vip.staff.map((member) => (
                  <option key={member.id} value={member.id}>
                    {member.name}
                  </option>
                ))}
              </select>
            </SmallAction>
          </li>
        ))}
      </ul>
    </section>
  );
}
