import type { Db } from "../../lib/db-client";

// The shop's own wording (zh-CN, the language its customers write in); admins edit them later.
const TEMPLATES = [
  {
    code: "apology",
    category: null,
    title: "致歉并受理",
    body: "{customerName}您好，非常抱歉给您带来不好的体验。您订单{orderNo}反馈的「{category}」我们已受理，会尽快给您答复。",
  },
  {
    code: "ask_photo",
    category: null,
    title: "请补充照片",
    body: "{customerName}您好，为了尽快核实订单{orderNo}的问题，麻烦您补充一张商品的照片，谢谢！",
  },
  {
    code: "quality_refund",
    category: "product.quality",
    title: "质量问题-退款",
    body: "{customerName}您好，经核实订单{orderNo}的商品存在质量问题，我们将为您办理退款，给您添麻烦了。",
  },
  {
    code: "short_weight",
    category: "product.short_weight",
    title: "缺斤少两-补差",
    body: "{customerName}您好，订单{orderNo}的重量不足我们已核实，差额将以退款方式返还给您。",
  },
  {
    code: "late_coupon",
    category: "delivery.late",
    title: "延迟送达-补偿券",
    body: "{customerName}您好，订单{orderNo}送达延迟，非常抱歉。我们为您准备了一张无门槛优惠券，请在页面领取。",
  },
  {
    code: "closing",
    category: null,
    title: "结案回访",
    body: "{customerName}您好，订单{orderNo}的问题已处理完毕，如仍有疑问请随时联系我们。",
  },
];

export async function seedReplyTemplates({ db }: { db: Db }): Promise<number> {
  const { count } = await db.replyTemplate.createMany({ data: TEMPLATES, skipDuplicates: true });
  return count;
}
