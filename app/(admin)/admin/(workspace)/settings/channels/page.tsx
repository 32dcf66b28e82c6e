import { getFormatter, getTranslations } from "next-intl/server";
import { ChannelForm } from "@/components/admin/channel-form";
import { SettingsTabs } from "@/components/admin/settings-tabs";
import { SmallAction } from "@/components/admin/small-action";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import { listChannels, listFailedDeliveries } from "@/lib/notify/manage-channels";
import { resendDeliveryAction, saveChannelAction, testChannelAction } from "./actions";

export default async function ChannelsPage() {
  const actor = await requireStaffPage("page.settings", "/admin/settings/channels");
  const [channels, failures, t, all, format] = await Promise.all([
    listChannels({ db, actor, keyring: appKeyring() }),
    listFailedDeliveries({ db, actor }),
    getTranslations("admin.channels"),
    getTranslations(),
    getFormatter(),
  ]);
  const editable = can(actor.role, "settings.channels");
  return (
    <section>
      <SettingsTabs current="channels" role={actor.role} />
      <h1 className="mb-1 text-xl font-semibold">{t("title")}</h1>
      <p className="mb-4 text-sm text-gray-600">{t("intro")}</p>
      {!editable ? <p className="mb-4 text-sm text-gray-500">{t("readOnly")}</p> : null}
      <div className="grid gap-4 lg:grid-cols-2">
        {channels.length === 0 ? <p className="text-gray-500">{t("none")}</p> : null}
        {channels.map((channel) => (
          <div key={channel.id} className="space-y-3 rounded-lg bg-white p-4 shadow" data-testid="channel">
            <div className="flex items-center justify-between">
              <h2 className="font-medium">
                {channel.name} · <span className="text-sm text-gray-500">{t(`kinds.${channel.kind}`)}</span>
              </h2>
              <span className={`text-xs ${channel.enabled ? "text-green-700" : "text-gray-400"}`}>
                {channel.enabled ? t("enabled") : "—"}
              </span>
            </div>
            <dl className="text-xs text-gray-600">
              {Object.entries(channel.config).map(([key, value]) => (
                <div key={key}>
                  <dt className="inline">{t(`fields.${key}` as "fields.url")}: </dt>
                  <dd className="inline font-mono" data-testid={`channel-config-${key}`}>
                    {value}
                  </dd>
                </div>
              ))}
              <div
                data-testid="channel-status"
                className={channel.lastDelivery?.status === "failed" ? "text-red-700" : ""}
              >
                {channel.lastDelivery
                  ? channel.lastDelivery.status === "sent"
                    ? t("lastSent", {
                        date: format.dateTime(channel.lastDelivery.createdAt, {
                          dateStyle: "short",
                          timeStyle: "short",
                        }),
                      })
                    : t("lastFailed", {
                        date: format.dateTime(channel.lastDelivery.createdAt, {
                          dateStyle: "short",
                          timeStyle: "short",
                        }),
                        error: channel.lastDelivery.lastError ?? "",
                      })
                  : t("neverUsed")}
              </div>
              <div>
                {t("topics")}:{" "}
                {format.list(channel.topics.map((topic) => t(`topicNames.${topic}` as "topicNames.sla_warning"))) ||
                  "—"}
              </div>
              <div data-testid="channel-locale">
                {t("locale")}: {all(`locale.${channel.locale}` as "locale.en")}
              </div>
            </dl>
            {editable ? (
              <>
                <SmallAction
                  action={testChannelAction}
                  fields={{ channelId: channel.id }}
                  label={t("test")}
                  testId="channel-test"
                >
                  {channel.kind === "sms" || channel.kind === "app_push" ? (
                    <input
                      name="recipient"
                      placeholder="13800000000 / CU-1"
                      className="rounded border border-gray-300 px-2 py-1 text-sm"
                    />
                  ) : null}
                </SmallAction>
                <details>
                  <summary className="cursor-pointer text-sm text-brand">{t("edit")}</summary>
                  <ChannelForm channel={channel} saveChannelAction={saveChannelAction} />
                </details>
              </>
            ) : null}
          </div>
        ))}
        {editable ? (
          <div className="rounded-lg bg-white p-4 shadow">
            <h2 className="mb-2 font-medium">{t("add")}</h2>
            <ChannelForm saveChannelAction={saveChannelAction} />
          </div>
        ) : null}
      </div>

      <h2 className="mb-2 mt-6 font-semibold">{t("failures")}</h2>
      <div className="overflow-x-auto rounded-lg bg-white shadow">
        <table className="min-w-full text-left text-sm" data-testid="failed-deliveries">
          <tbody>
            {failures.map((f) => (
              <tr key={f.id} className="border-t border-gray-100">
                <td className="px-3 py-2">
                  {format.dateTime(f.createdAt, { dateStyle: "short", timeStyle: "short" })}
                </td>
                <td className="px-3 py-2">{f.channel.name}</td>
                <td className="px-3 py-2">{f.title}</td>
                <td className="px-3 py-2 text-red-700">{f.lastError}</td>
                <td className="px-3 py-2">
                  {editable ? (
                    <SmallAction
                      action={resendDeliveryAction}
                      fields={{ deliveryId: f.id }}
                      label={t("resend")}
                      testId="resend"
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {failures.length === 0 ? <p className="p-3 text-sm text-gray-500">{t("noFailures")}</p> : null}
      </div>
    </section>
  );
}
