import type { Db } from "../../lib/db-client";
import type { Locale } from "../../lib/i18n/config";
import { faqTerms } from "../../lib/knowledge/faq-terms";

type FaqText = { question: string; answer: string };

/**
 * The shop's own answers, each in every language a customer may read (the H5 suggests the ones in
 * the customer's); admins edit them in the knowledge base. `Record<Locale, …>` makes a missing
 * language a type error, and tests/unit/seeded-content-locales.test.ts checks each is really written in it.
 */
export const SEEDED_FAQ: { categories: string[]; text: Record<Locale, FaqText> }[] = [
  {
    categories: ["product.out_of_stock"],
    text: {
      "zh-CN": {
        question: "商品缺货了怎么退款？",
        answer: "缺货商品会自动原路退款，一般 1–3 个工作日到账；订单金额低于 50 元的缺货会立即退款。",
      },
      en: {
        question: "An item was out of stock. How do I get my money back?",
        answer:
          "Out-of-stock items are refunded automatically to your original payment method, usually within 1–3 working days; orders under ¥50 are refunded at once.",
      },
      es: {
        question: "Un producto estaba agotado. ¿Cómo recupero mi dinero?",
        answer:
          "Los productos agotados se reembolsan automáticamente al medio de pago original, normalmente en 1–3 días hábiles; los pedidos de menos de 50 ¥ se reembolsan al instante.",
      },
    },
  },
  {
    categories: ["product.quality"],
    text: {
      "zh-CN": {
        question: "收到的水果坏了、烂了怎么办？",
        answer: "请在签收后 48 小时内拍照提交反馈，我们核实后为您补发或退款，无需退回商品。",
      },
      en: {
        question: "The fruit I received is rotten or damaged. What can I do?",
        answer:
          "Send us a photo within 48 hours of delivery. Once we have checked it, we resend the item or refund you; there is no need to return it.",
      },
      es: {
        question: "La fruta que recibí está podrida o dañada. ¿Qué hago?",
        answer:
          "Envíanos una foto en las 48 horas siguientes a la entrega. Tras comprobarla, te reenviamos el producto o te devolvemos el dinero; no hace falta devolverlo.",
      },
    },
  },
  {
    categories: ["delivery.late"],
    text: {
      "zh-CN": {
        question: "为什么配送比预计时间晚？",
        answer: "高峰时段或天气原因可能延迟，您可以在订单详情查看骑手位置；超过承诺时间 30 分钟可申请延误补偿券。",
      },
      en: {
        question: "Why is my delivery later than expected?",
        answer:
          "Rush hours or bad weather can delay riders; you can follow the rider on the order page. If it is more than 30 minutes past the promised time, you can ask for a delay coupon.",
      },
      es: {
        question: "¿Por qué mi pedido llega más tarde de lo previsto?",
        answer:
          "Las horas punta o el mal tiempo pueden retrasar al repartidor; puedes seguirlo en la página del pedido. Si pasan más de 30 minutos de la hora prometida, puedes pedir un cupón por el retraso.",
      },
    },
  },
  {
    categories: ["product.short_weight"],
    text: {
      "zh-CN": {
        question: "重量不够、缺斤少两怎么处理？",
        answer: "生鲜称重允许 ±3% 误差，超出部分请拍下电子秤读数提交反馈，我们按差额退款。",
      },
      en: {
        question: "My order weighs less than it should. What happens now?",
        answer:
          "Fresh produce may vary by ±3 % in weight. Beyond that, send us a photo of the scale reading and we refund the difference.",
      },
      es: {
        question: "Mi pedido pesa menos de lo que debería. ¿Qué pasa ahora?",
        answer:
          "Los productos frescos pueden variar un ±3 % de peso. Si la diferencia es mayor, envíanos una foto de la báscula y te devolvemos la diferencia.",
      },
    },
  },
  {
    categories: ["order.payment"],
    text: {
      "zh-CN": {
        question: "同一笔订单被重复扣款怎么办？",
        answer: "重复扣款会在 24 小时内自动退回原支付账户；超过 24 小时未到账请提交反馈并附上扣款截图。",
      },
      en: {
        question: "I was charged twice for the same order. What should I do?",
        answer:
          "A double charge is returned to your payment account within 24 hours. If it has not arrived after 24 hours, send us feedback with a screenshot of the charges.",
      },
      es: {
        question: "Me cobraron dos veces el mismo pedido. ¿Qué hago?",
        answer:
          "El cobro duplicado se devuelve a tu cuenta de pago en 24 horas. Si pasado ese plazo no lo has recibido, envíanos tu reclamación con una captura de los cargos.",
      },
    },
  },
  {
    categories: ["order.cancellation"],
    text: {
      "zh-CN": {
        question: "怎么取消订单？",
        answer: "订单未出库前可在订单详情点击「取消订单」，款项原路退回；已出库的订单请在签收时拒收。",
      },
      en: {
        question: "How do I cancel an order?",
        answer:
          "Until the order leaves the warehouse, tap “Cancel order” on the order page and the payment is returned; once it has shipped, refuse it at delivery.",
      },
      es: {
        question: "¿Cómo cancelo un pedido?",
        answer:
          "Mientras el pedido no haya salido del almacén, pulsa «Cancelar pedido» en la página del pedido y se te devolverá el pago; si ya ha salido, recházalo en la entrega.",
      },
    },
  },
];

export async function seedFaq({ db }: { db: Db }) {
  if ((await db.faqEntry.count()) > 0) return 0;
  const { count } = await db.faqEntry.createMany({
    data: SEEDED_FAQ.flatMap(({ categories, text }) =>
      Object.entries(text).map(([locale, { question, answer }]) => ({
        question,
        answer,
        categories,
        locale,
        searchTerms: faqTerms(`${question} ${answer}`).join(" "),
      })),
    ),
  });
  return count;
}
