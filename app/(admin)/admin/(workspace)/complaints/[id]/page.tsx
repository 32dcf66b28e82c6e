import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { ComplaintActions } from "@/components/admin/complaint-actions";
import { ContactReveal } from "@/components/admin/contact-reveal";
import { H5Sessions } from "@/components/admin/h5-sessions";
import { QaForm } from "@/components/admin/qa-form";
import { SlaCountdown } from "@/components/admin/sla-countdown";
import { StatusTag } from "@/components/h5/status-tag";
import { UploadMedia } from "@/components/ui/upload-media";
import { listAssignees } from "@/lib/auth/list-staff";
import { listCustomerH5Sessions } from "@/lib/auth/manage-h5-sessions";
import { can, mayReviewQuality } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { allowedOutcomes, availableActions } from "@/lib/complaints/available-actions";
import { getStaffComplaint } from "@/lib/complaints/get-staff-complaint";
import { translatorFor } from "@/lib/i18n/translator";
import { fillTemplate, listReplyTemplates } from "@/lib/complaints/reply-templates";
import { templatesForComplaint } from "@/lib/experiments/template-variants";
import { compensationText, staffTimelineText, timelineDetail } from "@/lib/complaints/vocabulary/timeline-events";
import { EMOTION_INTENSITIES, isEscalated } from "@/lib/complaints/vocabulary/terms";
import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import { categoryHint } from "@/lib/nlp/category-hint";
import { isAppError } from "@/lib/errors";
import { formatYuan } from "@/lib/money";
import { isVideoType } from "@/lib/storage/video-rules";
import {
  assignAction,
  claimAction,
  closeAction,
  escalateAction,
  noteAction,
  qaReviewAction,
  reopenAction,
  replyAction,
  requestInfoAction,
  resolveAction,
  revealContactAction,
  revokeH5SessionAction,
} from "./actions";
import { categoryKey } from "@/lib/complaints/vocabulary/label-keys";
import { groupName } from "@/lib/staff/handling-groups";
import { complaintNumber } from "@/lib/complaints/complaint-number";

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <section className="rounded-lg bg-white p-4 shadow" data-testid={testId}>
      <h2 className="mb-2 font-semibold">{title}</h2>
      {children}
    </section>
  );
}

export default async function ComplaintDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireStaffPage("page.complaint", `/admin/complaints/${id}`);
  const complaint = await getStaffComplaint({ db, actor, id, keyring: appKeyring() }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "complaint_not_found") notFound();
    throw error;
  });
  const [t, format, locale] = [await getTranslations(), await getFormatter(), await getLocale()];
  const d = (key: string, values?: Record<string, string | number>) =>
    t(`admin.detail.${key}` as "admin.detail.back", values);
  const categoryLabel = t(categoryKey(complaint.category));
  // Templates are filled in the customer's language, the one the reply is written in.
  const customerLocale = complaint.customer.locale;
  const customerCategoryLabel = translatorFor(customerLocale)(categoryKey(complaint.category));
  const [templates, assignees, h5Sessions] = await Promise.all([
    listReplyTemplates({ db, category: complaint.category, locale: customerLocale }).then((list) =>
      // A running A/B experiment shows this customer its arm's text (lib/experiments).
      templatesForComplaint({
        db,
        complaint: {
          customerId: complaint.customer.id,
          tier: complaint.tier,
          region: complaint.region,
          category: complaint.category,
        },
        locale: customerLocale,
        templates: list,
      }),
    ),
    can(actor.role, "complaint.assign")
      ? listAssignees({ db, complaint: { groupId: complaint.group.id, escalationLevel: complaint.escalationLevel } })
      : Promise.resolve([]),
    can(actor.role, "customer.sessions")
      ? listCustomerH5Sessions({ db, actor, complaintId: complaint.id })
      : Promise.resolve(null),
  ]);
  const hint = categoryHint({ category: complaint.category, description: complaint.description });
  const when = (date: Date | null) => (date ? format.dateTime(date, { dateStyle: "short", timeStyle: "short" }) : "—");

  return (
    <div className="space-y-4" data-testid="complaint-detail" data-version={complaint.version}>
      <div className="flex flex-wrap items-center gap-3">
        <Link href="/admin/complaints" className="text-sm text-gray-600 underline">
          {d("back")}
        </Link>
        <h1 className="text-xl font-semibold">
          {categoryLabel} · <span className="font-mono text-base">{complaintNumber(complaint.id)}</span>
        </h1>
        <StatusTag status={complaint.status} />
        <span className="rounded bg-gray-100 px-2 py-0.5 text-xs">{t(`priority.${complaint.priority}`)}</span>
        <span className="rounded bg-gray-100 px-2 py-0.5 text-xs">
          {isEscalated(complaint.escalationLevel) ? d("levelL2") : d("levelL1")}
        </span>
        <span className="text-sm">
          <SlaCountdown
            dueAt={complaint.slaDueAt?.toISOString() ?? null}
            pausedAt={complaint.slaPausedAt?.toISOString() ?? null}
          />
        </span>
        <span className="ml-auto text-xs text-gray-400">{d("version", { version: complaint.version })}</span>
      </div>

      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Section title={d("description")}>
            <p className="whitespace-pre-wrap" data-testid="complaint-description">
              {complaint.description}
            </p>
            {complaint.keywords.length ? (
              <p className="mt-2 flex flex-wrap gap-1 text-xs" aria-label={d("keywords")}>
                {complaint.keywords.map((k) => (
                  <span key={k} className="rounded-full bg-gray-100 px-2 py-0.5 text-gray-700">
                    {k}
                  </span>
                ))}
              </p>
            ) : null}
            {hint ? (
              <p className="mt-2 rounded bg-amber-50 px-2 py-1 text-sm text-amber-800" data-testid="category-hint">
                {d("categoryHint", { category: t(categoryKey(hint.suggested)), evidence: format.list(hint.evidence) })}
              </p>
            ) : null}
            <div className="mt-3 flex flex-wrap gap-2">
              {complaint.images.length === 0 ? <span className="text-sm text-gray-400">{d("noPhotos")}</span> : null}
              {complaint.images.map((image) =>
                isVideoType(image.contentType) ? (
                  // A video plays in place (a link around it would steal its controls' taps).
                  <UploadMedia
                    key={image.id}
                    id={image.id}
                    video
                    label={d("video")}
                    className="h-40 w-full max-w-xs rounded"
                    testId="complaint-video"
                  />
                ) : (
                  <a key={image.id} href={`/api/files/${image.id}`} target="_blank" rel="noreferrer">
                    <UploadMedia
                      id={image.id}
                      video={false}
                      label={d("photo")}
                      className="h-24 w-24 rounded object-cover"
                      testId="complaint-photo"
                    />
                  </a>
                ),
              )}
            </div>
          </Section>

          <Section title={d("timeline")} testId="staff-timeline">
            <ol className="space-y-2">
              {complaint.events.map((event) => {
                const detail = timelineDetail(event);
                return (
                  <li
                    key={event.id}
                    className={`rounded border-l-4 px-3 py-2 text-sm ${event.customerVisible ? "border-brand bg-green-50" : "border-gray-300 bg-gray-50"}`}
                    data-kind={event.kind}
                    data-visible={event.customerVisible}
                  >
                    <div className="flex justify-between gap-2">
                      <span className="font-medium">{staffTimelineText({ t, event })}</span>
                      <span className="shrink-0 text-xs text-gray-500">
                        {event.customerVisible ? t("staffTimeline.visible") : t("staffTimeline.internal")} ·{" "}
                        {when(event.at)}
                      </span>
                    </div>
                    {detail ? <p className="mt-1 whitespace-pre-wrap text-gray-700">{detail}</p> : null}
                  </li>
                );
              })}
            </ol>
          </Section>

          <Section title={d("order")}>
            <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm md:grid-cols-3">
              <div>
                <dt className="text-gray-500">{d("orderNo")}</dt>
                <dd className="font-mono">{complaint.order.orderNo}</dd>
              </div>
              <div>
                <dt className="text-gray-500">{d("amount")}</dt>
                <dd>{formatYuan(complaint.order.amountFen, locale)}</dd>
              </div>
              <div>
                <dt className="text-gray-500">{d("region")}</dt>
                <dd>{complaint.order.region}</dd>
              </div>
              <div>
                <dt className="text-gray-500">{d("placedAt")}</dt>
                <dd>{when(complaint.order.placedAt)}</dd>
              </div>
              <div>
                <dt className="text-gray-500">{d("promisedAt")}</dt>
                <dd>{when(complaint.order.promisedAt)}</dd>
              </div>
              <div>
                <dt className="text-gray-500">{d("deliveredAt")}</dt>
                <dd>{when(complaint.order.deliveredAt)}</dd>
              </div>
            </dl>
            <table className="mt-3 w-full text-left text-sm">
              <thead className="text-gray-500">
                <tr>
                  <th>{d("items")}</th>
                  <th>{d("sku")}</th>
                  <th>{d("quantity")}</th>
                  <th>{d("unitPrice")}</th>
                </tr>
              </thead>
              <tbody>
                {complaint.order.items.map((item) => (
                  <tr key={item.sku} className="border-t border-gray-100">
                    <td>{item.name}</td>
                    <td className="font-mono text-xs">{item.sku}</td>
                    <td>{item.quantity}</td>
                    <td>{formatYuan(item.unitPriceFen, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
        </div>

        <div className="space-y-4">
          <Section title={d("actions")}>
            <ComplaintActions
              complaintId={complaint.id}
              version={complaint.version}
              available={availableActions({
                actor,
                complaint: {
                  status: complaint.status,
                  assigneeId: complaint.assignee?.id ?? null,
                  escalationLevel: complaint.escalationLevel,
                },
              })}
              templates={templates.map((tpl) => ({
                code: tpl.code,
                // Not yet translated: offered in the shop's language, and says which.
                title:
                  tpl.locale === customerLocale
                    ? tpl.title
                    : `${tpl.title} (${t(`locale.${tpl.locale}` as "locale.en")})`,
                body: fillTemplate(tpl.body, {
                  orderNo: complaint.order.orderNo,
                  customerName: complaint.customer.name,
                  category: customerCategoryLabel,
                }),
              }))}
              replyLanguage={t(`locale.${customerLocale}`)}
              assignees={assignees}
              outcomes={allowedOutcomes(actor)}
              canOverrideCap={can(actor.role, "compensation.override_cap")}
              handlers={{
                claimAction,
                assignAction,
                replyAction,
                noteAction,
                requestInfoAction,
                escalateAction,
                resolveAction,
                closeAction,
                reopenAction,
              }}
            />
          </Section>

          <Section title={d("customer")} testId="customer-card">
            <p>
              {complaint.customer.name}
              {complaint.customer.tier === "vip" ? (
                <span className="ml-1 rounded bg-yellow-100 px-1 text-xs text-yellow-800">VIP</span>
              ) : null}
              <span className="ml-2 text-sm text-gray-500">{complaint.customer.region}</span>
            </p>
            <p className="mt-1 text-sm">
              <span className="text-gray-500">{d("contact")}: </span>
              {!complaint.hasContact ? (
                d("noContact")
              ) : can(actor.role, "contact.reveal") ? (
                <ContactReveal complaintId={complaint.id} reveal={revealContactAction} />
              ) : (
                "••••"
              )}
            </p>
            <h3 className="mt-3 text-sm font-medium">{d("earlier")}</h3>
            {complaint.earlierComplaints.length === 0 ? (
              <p className="text-sm text-gray-400">{d("noEarlier")}</p>
            ) : null}
            <ul className="text-sm">
              {complaint.earlierComplaints.map((e) => (
                <li key={e.id}>
                  <Link href={`/admin/complaints/${e.id}`} className="text-brand underline">
                    {t(categoryKey(e.category))}
                  </Link>{" "}
                  · {t(`status.${e.status}`)} · {when(e.createdAt)}
                </li>
              ))}
            </ul>
          </Section>

          {h5Sessions ? (
            <Section title={t("admin.sessions.title")} testId="h5-sessions">
              <H5Sessions complaintId={complaint.id} sessions={h5Sessions} revoke={revokeH5SessionAction} />
            </Section>
          ) : null}

          <Section title={d("triage")}>
            <dl className="space-y-1 text-sm">
              <div>
                <dt className="inline text-gray-500">{d("assignee")}: </dt>
                <dd className="inline" data-testid="assignee">
                  {complaint.assignee?.name ?? d("unassigned")}
                </dd>
              </div>
              <div>
                <dt className="inline text-gray-500">{groupName({ ...complaint.group, locale })}</dt>
              </div>
              <div>
                {d("urgency", {
                  score: format.number(complaint.urgencyScore, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
                })}
              </div>
              {complaint.emotion ? (
                <div data-testid="emotion">
                  {complaint.emotion !== "neutral" && complaint.emotionIntensity
                    ? d("emotionWithIntensity", {
                        emotion: t(`emotions.${complaint.emotion}`),
                        intensity: t(`emotionIntensity.${EMOTION_INTENSITIES[complaint.emotionIntensity - 1]!}`),
                      })
                    : d("emotion", { emotion: t(`emotions.${complaint.emotion}`) })}
                </div>
              ) : null}
              {complaint.urgencyReasons.length ? (
                <div className="text-gray-500">
                  {d("reasons")}:{" "}
                  {format.list(
                    complaint.urgencyReasons.map((r) =>
                      t.has(`triageReasons.${r}`) ? t(`triageReasons.${r}` as "triageReasons.vip") : r,
                    ),
                  )}
                </div>
              ) : null}
              <div>
                <dt className="inline text-gray-500">{d("firstResponseDue")}: </dt>
                <dd className="inline">{when(complaint.firstResponseDueAt)}</dd>
              </div>
              <div>
                <dt className="inline text-gray-500">{d("resolutionDue")}: </dt>
                <dd className="inline">{when(complaint.resolutionDueAt)}</dd>
              </div>
            </dl>
          </Section>

          {complaint.compensations.length ? (
            <Section title={d("compensations")} testId="staff-compensations">
              <ul className="space-y-1 text-sm">
                {complaint.compensations.map((c) => (
                  <li key={c.id}>
                    {compensationText({ t, type: c.type, amount: c.amount })} · {t(`compensation.status.${c.status}`)}
                    {c.validUntil ? (
                      <span className="ml-1 text-gray-500">{d("validUntil", { date: when(c.validUntil) })}</span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}

          {complaint.qaReviews !== null || can(actor.role, "qa.review") ? (
            <Section title={t("qa.title")} testId="qa-panel">
              {complaint.qaReviews?.length ? (
                <ul className="mb-3 space-y-1 text-sm">
                  {complaint.qaReviews.map((r) => (
                    <li key={r.id}>
                      <span className="font-medium">{t("qa.score", { score: r.score })}</span> ·{" "}
                      {t("qa.by", { name: r.reviewer.name })} — {r.comment}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mb-2 text-sm text-gray-400">{t("qa.none")}</p>
              )}
              {mayReviewQuality({ role: actor.role, status: complaint.status }) ? (
                <QaForm complaintId={complaint.id} version={complaint.version} qaReviewAction={qaReviewAction} />
              ) : null}
            </Section>
          ) : null}
        </div>
      </div>
    </div>
  );
}
