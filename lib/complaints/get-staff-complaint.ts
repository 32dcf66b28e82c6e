import { assertCan, type StaffActor } from "../auth/staff-actor";
import { can } from "../auth/permissions";
import { DEFAULT_LOCALE, isLocale } from "../i18n/config";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import type { Keyring } from "../crypto/field-encryption";
import { orderAmountFen, STORED_AMOUNT, STORED_UNIT_PRICE, unitPriceFen } from "../orders/order-amount";
import { isUuid } from "../validation";
import { complaintScope } from "./staff-scope";
import type { Category } from "./vocabulary/taxonomy";

/**
 * A complaint as staff work it: order and items, the customer (tier, earlier complaints), photos,
 * the whole timeline (internal entries marked), compensations and QA scores for those who may
 * see them. Contacts stay encrypted here; revealing one is its own audited action.
 */
export async function getStaffComplaint({
  db,
  actor,
  id,
  keyring,
}: {
  db: Db;
  actor: StaffActor;
  id: string;
  keyring: Keyring;
}) {
  assertCan(actor, "page.complaint");
  if (!isUuid(id)) throw new AppError("complaint_not_found");
  const complaint = await db.complaint.findFirst({
    where: { id, ...complaintScope(actor) },
    select: {
      id: true,
      category: true,
      description: true,
      status: true,
      priority: true,
      urgencyScore: true,
      urgencyReasons: true,
      emotion: true,
      emotionIntensity: true,
      keywords: true,
      escalationLevel: true,
      version: true,
      source: true,
      createdAt: true,
      firstResponseDueAt: true,
      resolutionDueAt: true,
      firstRespondedAt: true,
      slaDueAt: true,
      slaPausedAt: true,
      // As filed (the snapshot an experiment's audience reads).
      tier: true,
      region: true,
      contactEnc: true,
      group: { select: { id: true, code: true, names: true } },
      assignee: { select: { id: true, name: true } },
      order: {
        select: {
          ...STORED_AMOUNT,
          status: true,
          region: true,
          placedAt: true,
          promisedAt: true,
          deliveredAt: true,
          items: {
            select: { name: true, quantity: true, ...STORED_UNIT_PRICE, product: { select: { sku: true } } },
            orderBy: { position: "asc" },
          },
        },
      },
      customer: { select: { id: true, name: true, tier: true, region: true, locale: true, contactEnc: true } },
      images: { select: { id: true, contentType: true }, orderBy: { position: "asc" } },
      events: {
        select: { id: true, at: true, kind: true, actorType: true, customerVisible: true, payload: true },
        orderBy: [{ at: "asc" }, { id: "asc" }],
      },
      compensations: {
        select: {
          id: true,
          type: true,
          amount: true,
          status: true,
          validUntil: true,
          claimedAt: true,
          createdAt: true,
        },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  if (!complaint) throw new AppError("complaint_not_found");
  const [earlier, qaReviews] = await Promise.all([
    db.complaint.findMany({
      where: { customerId: complaint.customer.id, id: { not: complaint.id }, ...complaintScope(actor) },
      orderBy: { createdAt: "desc" },
      take: 10,
      select: { id: true, category: true, status: true, createdAt: true },
    }),
    can(actor.role, "qa.view_scores")
      ? db.qaReview.findMany({
          where: { complaintId: complaint.id },
          orderBy: { createdAt: "desc" },
          select: {
            id: true,
            score: true,
            checks: true,
            comment: true,
            createdAt: true,
            reviewerId: true,
            reviewer: { select: { name: true } },
          },
        })
      : Promise.resolve(null),
  ]);
  const { contactEnc, customer, order, events, compensations, ...rest } = complaint;
  return {
    ...rest,
    category: rest.category as Category,
    hasContact: Boolean(contactEnc ?? customer.contactEnc),
    customer: {
      id: customer.id,
      name: customer.name,
      tier: customer.tier,
      region: customer.region,
      // The language the customer reads (replies and templates are written in it).
      locale: isLocale(customer.locale) ? customer.locale : DEFAULT_LOCALE,
    },
    order: {
      orderNo: order.orderNo,
      status: order.status,
      region: order.region,
      placedAt: order.placedAt,
      promisedAt: order.promisedAt,
      deliveredAt: order.deliveredAt,
      amountFen: orderAmountFen(order, keyring),
      items: order.items.map((i) => ({
        name: i.name,
        sku: i.product.sku,
        quantity: i.quantity.toString(),
        unitPriceFen: unitPriceFen(i, keyring),
      })),
    },
    events: events.map((e) => ({ ...e, id: e.id.toString(), payload: e.payload as Record<string, unknown> })),
    compensations: compensations.map((c) => ({ ...c, amount: c.amount.toString() })),
    earlierComplaints: earlier.map((e) => ({ ...e, category: e.category as Category })),
    qaReviews,
  };
}
