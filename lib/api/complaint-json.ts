import type { ComplaintSummary } from "../complaints/complaint-summary";
import type { ComplaintView } from "../complaints/get-complaint-view";
import { customerTimelineText } from "../complaints/vocabulary/timeline-events";
import type { Translator } from "../i18n/translator";
import { fenToYuanString } from "../money";

const compensationJson = (c: { type: string; amountFen: number; status: string }) => ({
  type: c.type,
  amount: Number(fenToYuanString(c.amountFen)),
  status: c.status,
});

export function complaintSummaryJson(summary: ComplaintSummary) {
  return {
    id: summary.id,
    status: summary.status,
    priority: summary.priority,
    group: summary.group,
    firstResponseDueAt: summary.firstResponseDueAt.toISOString(),
    compensations: summary.compensations.map(compensationJson),
  };
}

export function complaintViewJson(view: ComplaintView, t: Translator) {
  return {
    id: view.id,
    orderNo: view.orderNo,
    category: view.category,
    status: view.status,
    priority: view.priority,
    group: view.group,
    firstResponseDueAt: view.firstResponseDueAt.toISOString(),
    timeline: view.timeline.map((entry) => ({
      at: entry.at.toISOString(),
      kind: entry.kind,
      text: customerTimelineText({ t, event: entry }),
    })),
    compensations: view.compensations.map(compensationJson),
  };
}
