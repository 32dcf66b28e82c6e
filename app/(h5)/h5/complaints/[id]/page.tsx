import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { SignedOut } from "@/components/h5/signed-out";
import { CompensationCard } from "@/components/h5/compensation-card";
import { CustomerResponse } from "@/components/h5/customer-response";
import { LiveRefresh } from "@/components/h5/live-refresh";
import { StatusTag } from "@/components/h5/status-tag";
import { UploadMedia } from "@/components/ui/upload-media";
import { SurveyForm } from "@/components/h5/survey-form";
import { Timeline } from "@/components/h5/timeline";
import { getH5Session } from "@/lib/auth/h5-session";
import { getComplaintView } from "@/lib/complaints/get-complaint-view";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { answerAction, claimCompensationAction, confirmAction, rejectAction, surveyAction } from "../../actions";
import { categoryKey } from "@/lib/complaints/vocabulary/label-keys";
import { complaintNumber } from "@/lib/complaints/complaint-number";

export const dynamic = "force-dynamic";

export default async function ComplaintPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await getH5Session();
  if (!session) return <SignedOut />;
  const [{ id }, t, format] = [await params, await getTranslations(), await getFormatter()];

  let complaint;
  try {
    complaint = await getComplaintView({ db, id, viewer: { kind: "customer", principal: session.principal } });
  } catch (error) {
    if (isAppError(error) && error.code === "complaint_not_found") notFound();
    throw error;
  }

  const open = complaint.status === "new" || complaint.status === "processing";
  return (
    <div className="space-y-5">
      <div className="flex items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{t(categoryKey(complaint.category))}</h1>
          <p className="text-xs text-gray-500">
            {t("h5.complaint.number", { id: complaintNumber(complaint.id) })} · {complaint.orderNo}
          </p>
        </div>
        <StatusTag status={complaint.status} />
      </div>
      {open && (
        <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {t("h5.complaint.firstResponseDue", {
            time: format.dateTime(complaint.firstResponseDueAt, { timeStyle: "short", dateStyle: "short" }),
          })}
        </p>
      )}
      <section>
        <h2 className="mb-1 text-sm font-medium text-gray-500">{t("h5.complaint.description")}</h2>
        <p className="whitespace-pre-wrap text-sm">{complaint.description}</p>
      </section>
      {complaint.files.length > 0 && (
        <section>
          <h2 className="mb-1 text-sm font-medium text-gray-500">{t("h5.complaint.photos")}</h2>
          <div className="grid grid-cols-3 gap-2">
            {complaint.files.map((file) =>
              file.video ? (
                // A video spans the row: its controls need the width of a 375 px screen.
                <UploadMedia
                  key={file.id}
                  id={file.id}
                  video
                  label={t("h5.complaint.video")}
                  className="col-span-3 aspect-video w-full rounded-lg"
                  testId="complaint-video"
                />
              ) : (
                <UploadMedia
                  key={file.id}
                  id={file.id}
                  video={false}
                  label=""
                  className="aspect-square w-full rounded-lg object-cover"
                  testId="complaint-photo"
                />
              ),
            )}
          </div>
        </section>
      )}
      <LiveRefresh complaintId={complaint.id} marker={complaint.marker} />
      <CustomerResponse
        complaintId={complaint.id}
        status={complaint.status}
        answerAction={answerAction}
        confirmAction={confirmAction}
        rejectAction={rejectAction}
      />
      {(complaint.status === "resolved" || complaint.status === "closed") &&
        (complaint.survey.answeredCsat === null ? (
          <SurveyForm complaintId={complaint.id} asksNps={complaint.survey.asksNps} surveyAction={surveyAction} />
        ) : (
          <p className="rounded-xl bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="survey-thanks">
            {t("h5.survey.thanks", { score: complaint.survey.answeredCsat })}
          </p>
        ))}
      {complaint.compensations.length > 0 && (
        <section>
          <h2 className="mb-1 text-sm font-medium text-gray-500">{t("h5.complaint.compensations")}</h2>
          <ul className="space-y-2">
            {complaint.compensations.map((compensation) => (
              <CompensationCard
                key={compensation.id}
                complaintId={complaint.id}
                compensation={compensation}
                claimCompensationAction={claimCompensationAction}
              />
            ))}
          </ul>
        </section>
      )}
      <section>
        <h2 className="mb-2 text-sm font-medium text-gray-500">{t("h5.complaint.timeline")}</h2>
        <Timeline entries={complaint.timeline} />
      </section>
      <Link href="/h5" className="block text-center text-sm text-brand">
        {t("h5.complaint.back")}
      </Link>
    </div>
  );
}
