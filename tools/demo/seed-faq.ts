import type { Db } from "../../lib/db-client";
import { faqTerms } from "../../lib/knowledge/faq-terms";

// The shop's own answers (zh-CN: its customers' language); admins edit them in the knowledge base.
const FAQ: { question: string; answer: string; categories: string[] }[] = [
  {
    question: "商品缺货了怎么退款？",
    answer: "缺货商品会自动原路退款，一般 1–3 个工作日到账；订单金额低于 50 元的缺货会立即退款。",
    categories: ["product.out_of_stock"],
  },
  {
    question: "收到的水果坏了、烂了怎么办？",
    answer: "请在签收后 48 小时内拍照提交反馈，我们核实后为您补发或退款，无需退回商品。",
    categories: ["product.quality"],
  },
  {
    question: "为什么配送比预计时间晚？",
    answer: "高峰时段或天气原因可能延迟，您可以在订单详情查看骑手位置；超过承诺时间 30 分钟可申请延误补偿券。",
    categories: ["delivery.late"],
  },
  {
    question: "重量不够、缺斤少两怎么处理？",
    answer: "生鲜称重允许 ±3% 误差，超出部分请拍下电子秤读数提交反馈，我们按差额退款。",
    categories: ["product.short_weight"],
  },
  {
    question: "同一笔订单被重复扣款怎么办？",
    answer: "重复扣款会在 24 小时内自动退回原支付账户；超过 24 小时未到账请提交反馈并附上扣款截图。",
    categories: ["order.payment"],
  },
  {
    question: "怎么取消订单？",
    answer: "订单未出库前可在订单详情点击「取消订单」，款项原路退回；已出库的订单请在签收时拒收。",
    categories: ["order.cancellation"],
  },
];

export async function seedFaq({ db }: { db: Db }) {
  if ((await db.faqEntry.count()) > 0) return 0;
  const { count } = await db.faqEntry.createMany({
    data: FAQ.map((f) => ({ ...f, locale: "zh-CN", searchTerms: faqTerms(`${f.question} ${f.answer}`).join(" ") })),
  });
  return count;
}
