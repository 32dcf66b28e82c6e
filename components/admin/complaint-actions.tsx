"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { FormAction } from "@/lib/forms/form-action";
import { ActionForm } from "./action-form";
import { outcomeKey } from "@/lib/complaints/vocabulary/label-keys";

/** The page's server actions, one per workspace action (components never import from app/). */
export type ComplaintActionHandlers = Record<
  | "claimAction"
  | "assignAction"
  | "replyAction"
  | "noteAction"
  | "requestInfoAction"
  | "escalateAction"
  | "resolveAction"
  | "closeAction"
  | "reopenAction",
  FormAction
>;

export type AvailableActions = {
  claim: boolean;
  assign: boolean;
  reply: boolean;
  note: boolean;
  requestInfo: boolean;
  escalate: boolean;
  resolve: boolean;
  close: boolean;
  reopen: boolean;
};

const input = "w-full rounded border border-gray-300 px-2 py-1 text-sm";

function ReplyFields({
  templates,
  languageHint,
}: {
  templates: { code: string; title: string; body: string }[];
  languageHint: string;
}) {
  const t = useTranslations("admin.detail");
  const [code, setCode] = useState("");
  const [text, setText] = useState("");
  return (
    <>
      <label className="block text-sm">
        {t("template")}
        <select
          name="templateCode"
          className={input}
          value={code}
          data-testid="reply-template"
          onChange={(event) => {
            setCode(event.target.value);
            const template = templates.find((tpl) => tpl.code === event.target.value);
            if (template) setText(template.body);
          }}
        >
          <option value="">{t("noTemplate")}</option>
          {templates.map((tpl) => (
            <option key={tpl.code} value={tpl.code}>
              {tpl.title}
            </option>
          ))}
        </select>
      </label>
      <p className="text-xs text-gray-500" data-testid="reply-language">
        {languageHint}
      </p>
      <textarea
        name="text"
        required
        maxLength={1000}
        rows={3}
        className={input}
        aria-label={t("replyText")}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
    </>
  );
}

/** The workspace actions the viewer may take on this complaint in its current status. */
export function ComplaintActions({
  complaintId,
  version,
  available,
  templates,
  replyLanguage,
  assignees,
  outcomes,
  canOverrideCap = false,
  handlers,
}: {
  complaintId: string;
  version: number;
  available: AvailableActions;
  templates: { code: string; title: string; body: string }[];
  /** The customer's language, by its own name: replies are written in it. */
  replyLanguage: string;
  assignees: { id: string; name: string }[];
  outcomes: string[];
  /** Supervisors may grant beyond the compensation caps with a reason (audited). */
  canOverrideCap?: boolean;
  handlers: ComplaintActionHandlers;
}) {
  const {
    claimAction,
    assignAction,
    replyAction,
    noteAction,
    requestInfoAction,
    escalateAction,
    resolveAction,
    closeAction,
    reopenAction,
  } = handlers;
  const t = useTranslations();
  const d = (key: string) => t(`admin.detail.${key}` as "admin.detail.claim");
  const common = { complaintId, version };
  return (
    <div className="space-y-4" data-testid="complaint-actions">
      {available.claim ? (
        <ActionForm {...common} action={claimAction} label={d("claim")} testId="action-claim" />
      ) : null}
      {available.assign ? (
        <ActionForm {...common} action={assignAction} label={d("assign")} testId="action-assign" tone="secondary">
          <select name="assigneeId" required className={input} aria-label={d("assignTo")}>
            {assignees.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </ActionForm>
      ) : null}
      {available.reply ? (
        <fieldset className="rounded border border-gray-200 p-3">
          <legend className="px-1 text-sm font-medium">{d("reply")}</legend>
          <ActionForm {...common} action={replyAction} label={d("send")} testId="action-reply">
            <ReplyFields
              templates={templates}
              languageHint={t("admin.detail.replyLanguage", { language: replyLanguage })}
            />
          </ActionForm>
        </fieldset>
      ) : null}
      {available.requestInfo ? (
        <fieldset className="rounded border border-gray-200 p-3">
          <legend className="px-1 text-sm font-medium">{d("requestInfo")}</legend>
          <ActionForm
            {...common}
            action={requestInfoAction}
            label={d("ask")}
            testId="action-request-info"
            tone="secondary"
          >
            <textarea name="text" required maxLength={500} rows={2} className={input} aria-label={d("question")} />
          </ActionForm>
        </fieldset>
      ) : null}
      {available.resolve ? (
        <fieldset className="rounded border border-gray-200 p-3">
          <legend className="px-1 text-sm font-medium">{d("resolve")}</legend>
          <ActionForm {...common} action={resolveAction} label={d("resolve")} testId="action-resolve">
            <label className="block text-sm">
              {d("outcome")}
              <select name="outcome" className={input} defaultValue={outcomes[0]}>
                {outcomes.map((o) => (
                  <option key={o} value={o}>
                    {t(outcomeKey(o))}
                  </option>
                ))}
              </select>
            </label>
            <label className="block text-sm">
              {d("amountLabel")}
              <input name="amount" inputMode="decimal" className={input} />
            </label>
            <label className="block text-sm">
              {d("resolveNote")}
              <textarea name="note" required maxLength={1000} rows={2} className={input} />
            </label>
            {canOverrideCap ? (
              <label className="block text-sm">
                {d("capOverrideReason")}
                <input name="capOverrideReason" maxLength={500} className={input} placeholder={d("capOverrideHint")} />
              </label>
            ) : null}
          </ActionForm>
        </fieldset>
      ) : null}
      {available.escalate ? (
        <fieldset className="rounded border border-gray-200 p-3">
          <legend className="px-1 text-sm font-medium">{d("escalate")}</legend>
          <ActionForm
            {...common}
            action={escalateAction}
            label={d("escalate")}
            testId="action-escalate"
            tone="secondary"
          >
            <textarea name="reason" required maxLength={500} rows={2} className={input} aria-label={d("reason")} />
          </ActionForm>
        </fieldset>
      ) : null}
      {available.note ? (
        <fieldset className="rounded border border-dashed border-gray-300 p-3">
          <legend className="px-1 text-sm font-medium">{d("note")}</legend>
          <ActionForm {...common} action={noteAction} label={d("addNote")} testId="action-note" tone="secondary">
            <textarea name="text" required maxLength={1000} rows={2} className={input} aria-label={d("note")} />
          </ActionForm>
        </fieldset>
      ) : null}
      {available.reopen ? (
        <ActionForm {...common} action={reopenAction} label={d("reopen")} testId="action-reopen" tone="secondary">
          <input
            name="reason"
            required
            maxLength={500}
            className={input}
            aria-label={d("reason")}
            placeholder={d("reason")}
          />
        </ActionForm>
      ) : null}
      {available.close ? (
        <ActionForm {...common} action={closeAction} label={d("close")} testId="action-close" tone="danger">
          <input
            name="reason"
            maxLength={500}
            className={input}
            aria-label={d("closeReason")}
            placeholder={d("closeReason")}
          />
        </ActionForm>
      ) : null}
    </div>
  );
}
