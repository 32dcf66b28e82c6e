"use client";

import { useTranslations } from "next-intl";
import { startTransition, useActionState, useState } from "react";
import type { FormAction } from "@/lib/forms/form-action";
import { CHANNEL_KINDS } from "@/lib/notify/channels/channel-config";
import { TOPICS } from "@/lib/notify/topics";
import { FormResult } from "./form-result";
import { LocaleSelect } from "./locale-select";

const FIELDS_BY_KIND: Record<(typeof CHANNEL_KINDS)[number], readonly string[]> = {
  wecom_robot: ["webhookUrl"],
  dingtalk_robot: ["webhookUrl", "secret", "keyword"],
  sms: ["driver", "url", "token"],
  app_push: ["url", "secret"],
};
const SECRET = new Set(["secret", "token"]);
const box = "w-full rounded border border-gray-300 px-2 py-1 text-sm";

type Channel = {
  id: string;
  kind: (typeof CHANNEL_KINDS)[number];
  name: string;
  enabled: boolean;
  topics: string[];
  locale: string;
  config: Record<string, string>;
};

/** Add or edit a channel. Secrets are never sent to the browser: their fields start empty (empty = keep). */
export function ChannelForm({ channel, saveChannelAction }: { channel?: Channel; saveChannelAction: FormAction }) {
  const t = useTranslations("admin.channels");
  const [state, action, pending] = useActionState(saveChannelAction, {});
  const [kind, setKind] = useState<Channel["kind"]>(channel?.kind ?? "wecom_robot");
  return (
    <form
      // onSubmit rather than `action`: React empties an action form after each submit, losing
      // what was typed when the server refuses one field.
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => action(data));
      }}
      className="space-y-2 text-sm"
      data-testid={channel ? `channel-form-${channel.id}` : "channel-form-new"}
    >
      {channel ? <input type="hidden" name="id" value={channel.id} /> : null}
      <div className="grid grid-cols-2 gap-2">
        <label className="flex flex-col">
          {t("kind")}
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as Channel["kind"])} className={box}>
            {CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          {t("name")}
          <input name="name" required maxLength={60} defaultValue={channel?.name} className={box} />
        </label>
        {FIELDS_BY_KIND[kind].map((field) => (
          <label key={field} className="col-span-2 flex flex-col">
            {t(`fields.${field}` as "fields.url")}
            <input
              name={`config.${field}`}
              type={SECRET.has(field) ? "password" : "text"}
              autoComplete="off"
              placeholder={channel?.config[field] ?? (field === "driver" ? "log" : "")}
              defaultValue={
                channel && !SECRET.has(field) && field !== "webhookUrl" && field !== "url"
                  ? channel.config[field]
                  : undefined
              }
              className={box}
            />
          </label>
        ))}
      </div>
      <label className="flex flex-col">
        {t("locale")}
        <LocaleSelect name="locale" defaultValue={channel?.locale} className={box} />
      </label>
      <fieldset className="flex flex-wrap gap-3">
        <legend className="text-gray-600">{t("topics")}</legend>
        {TOPICS.map((topic) => (
          <label key={topic} className="flex items-center gap-1">
            <input type="checkbox" name="topics" value={topic} defaultChecked={channel?.topics.includes(topic)} />
            {t(`topicNames.${topic}`)}
          </label>
        ))}
        <label className="flex items-center gap-1">
          <input type="checkbox" name="enabled" defaultChecked={channel?.enabled ?? true} />
          {t("enabled")}
        </label>
      </fieldset>
      <FormResult state={state} />
      <button disabled={pending} className="rounded bg-brand px-3 py-1.5 text-white disabled:opacity-60">
        {t("save")}
      </button>
    </form>
  );
}
