import { performance } from "node:perf_hooks";
import { topKeywords } from "../../lib/nlp/segment";
import { triageComplaint } from "../../lib/triage/triage";

const FRUITS = [
  "芒果",
  "苹果",
  "草莓",
  "榴莲",
  "香蕉",
  "西瓜",
  "葡萄",
  "橙子",
  "车厘子",
  "猕猴桃",
  "菠菜",
  "西红柿",
  "土豆",
  "黄瓜",
  "蓝莓",
];
const PROBLEMS = [
  "烂了一半",
  "坏了好几个",
  "发霉了",
  "缺斤少两",
  "一点都不新鲜",
  "被压坏了",
  "送错了",
  "晚到了三个小时",
  "配送员态度很差",
  "被重复扣款",
  "和图片不符",
  "包装破损",
  "客服一直不回复",
  "吃了拉肚子",
];
const ASKS = ["要求退款", "希望补发", "请尽快处理", "太失望了", "给个说法", "下次不买了", ""];

/** Varied complaint texts from a fixed seed. */
export function sampleTexts(count: number, seed = 7): string[] {
  let s = seed;
  const r = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(list: T[]) => list[Math.floor(r() * list.length)]!;
  return Array.from(
    { length: count },
    () =>
      `收到的${pick(FRUITS)}${pick(PROBLEMS)}，${pick(ASKS)}${r() < 0.3 ? `，还有${pick(FRUITS)}${pick(PROBLEMS)}` : ""}`,
  );
}

/** Median microseconds to triage one complaint (tokenise, sentiment, urgency, priority) plus its keywords, after warm-up. */
export function benchTriage(count = 2000): { medianMicros: number; samples: number } {
  const texts = sampleTexts(count);
  const run = (text: string) => {
    triageComplaint({ category: "product.quality", description: text, orderAmountFen: 8800, tier: "normal" });
    topKeywords(text, 5);
  };
  for (const text of texts.slice(0, 200)) run(text);
  const times = texts.map((text) => {
    const start = performance.now();
    run(text);
    return performance.now() - start;
  });
  times.sort((a, b) => a - b);
  return { medianMicros: Math.round(times[Math.floor(times.length / 2)]! * 1000), samples: count };
}
