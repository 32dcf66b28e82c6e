import type { Db } from "../../lib/db-client";
import type { Locale } from "../../lib/i18n/config";

type TemplateText = { title: string; body: string };

/**
 * The shop's own wording, each template in every language a customer may read (the reply box
 * offers the one in the customer's); admins edit them later. `Record<Locale, …>` makes a missing
 * language a type error, and tests/unit/seeded-content-locales.test.ts checks each is really written in it.
 */
export const SEEDED_TEMPLATES: { code: string; category: string | null; text: Record<Locale, TemplateText> }[] = [
  {
    code: "apology",
    category: null,
    text: {
      "zh-CN": {
        title: "致歉并受理",
        body: "{customerName}您好，非常抱歉给您带来不好的体验。您订单{orderNo}反馈的「{category}」我们已受理，会尽快给您答复。",
      },
      en: {
        title: "Apology and acknowledgement",
        body: "Hello {customerName}, we are very sorry for the trouble. We have taken up your feedback “{category}” on order {orderNo} and will get back to you shortly.",
      },
      es: {
        title: "Disculpa y acuse de recibo",
        body: "Hola, {customerName}: sentimos mucho las molestias. Hemos registrado tu reclamación «{category}» sobre el pedido {orderNo} y te responderemos muy pronto.",
      },
    },
  },
  {
    code: "ask_photo",
    category: null,
    text: {
      "zh-CN": {
        title: "请补充照片",
        body: "{customerName}您好，为了尽快核实订单{orderNo}的问题，麻烦您补充一张商品的照片，谢谢！",
      },
      en: {
        title: "Ask for a photo",
        body: "Hello {customerName}, to check the problem with order {orderNo} quickly, could you add a photo of the item? Thank you!",
      },
      es: {
        title: "Pedir una foto",
        body: "Hola, {customerName}: para comprobar cuanto antes el problema del pedido {orderNo}, ¿puedes añadir una foto del producto? ¡Gracias!",
      },
    },
  },
  {
    code: "quality_refund",
    category: "product.quality",
    text: {
      "zh-CN": {
        title: "质量问题-退款",
        body: "{customerName}您好，经核实订单{orderNo}的商品存在质量问题，我们将为您办理退款，给您添麻烦了。",
      },
      en: {
        title: "Quality problem – refund",
        body: "Hello {customerName}, we have confirmed the quality problem with order {orderNo} and are refunding you. Sorry for the inconvenience.",
      },
      es: {
        title: "Problema de calidad – reembolso",
        body: "Hola, {customerName}: hemos confirmado el problema de calidad del pedido {orderNo} y vamos a reembolsarte. Disculpa las molestias.",
      },
    },
  },
  {
    code: "short_weight",
    category: "product.short_weight",
    text: {
      "zh-CN": {
        title: "缺斤少两-补差",
        body: "{customerName}您好，订单{orderNo}的重量不足我们已核实，差额将以退款方式返还给您。",
      },
      en: {
        title: "Short weight – refund the difference",
        body: "Hello {customerName}, we have confirmed that order {orderNo} was short in weight; the difference will be refunded to you.",
      },
      es: {
        title: "Falta de peso – devolver la diferencia",
        body: "Hola, {customerName}: hemos confirmado que al pedido {orderNo} le faltaba peso; te devolveremos la diferencia.",
      },
    },
  },
  {
    code: "late_coupon",
    category: "delivery.late",
    text: {
      "zh-CN": {
        title: "延迟送达-补偿券",
        body: "{customerName}您好，订单{orderNo}送达延迟，非常抱歉。我们为您准备了一张无门槛优惠券，请在页面领取。",
      },
      en: {
        title: "Late delivery – coupon",
        body: "Hello {customerName}, we are very sorry that order {orderNo} arrived late. We have prepared a coupon with no minimum spend for you; claim it on the page.",
      },
      es: {
        title: "Entrega con retraso – cupón",
        body: "Hola, {customerName}: sentimos mucho que el pedido {orderNo} llegara tarde. Te hemos preparado un cupón sin compra mínima; recógelo en la página.",
      },
    },
  },
  {
    code: "closing",
    category: null,
    text: {
      "zh-CN": {
        title: "结案回访",
        body: "{customerName}您好，订单{orderNo}的问题已处理完毕，如仍有疑问请随时联系我们。",
      },
      en: {
        title: "Closing follow-up",
        body: "Hello {customerName}, the problem with order {orderNo} has been dealt with. If you have any other questions, contact us at any time.",
      },
      es: {
        title: "Cierre y seguimiento",
        body: "Hola, {customerName}: el problema del pedido {orderNo} ya está resuelto. Si tienes cualquier otra duda, escríbenos cuando quieras.",
      },
    },
  },
];

export async function seedReplyTemplates({ db }: { db: Db }): Promise<number> {
  const { count } = await db.replyTemplate.createMany({
    data: SEEDED_TEMPLATES.flatMap(({ code, category, text }) =>
      Object.entries(text).map(([locale, { title, body }]) => ({ code, category, locale, title, body })),
    ),
    skipDuplicates: true,
  });
  return count;
}
