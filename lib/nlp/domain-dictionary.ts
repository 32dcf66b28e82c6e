/**
 * Words jieba's general dictionary cuts apart but complaints about fresh produce use as one:
 * produce names, shop problems and risk signals. Loaded into the segmenter with a high frequency
 * so they win over the general split. (Negated adjectives such as 不新鲜 are deliberately NOT
 * here: split, "不 新鲜" becomes the negated feature !新鲜 the sentiment model generalises from.)
 */
const DOMAIN_WORDS = [
  // produce
  "车厘子", "贵妃芒", "金煌芒", "沃柑", "砂糖橘", "丑橘", "耙耙柑", "火龙果", "百香果", "牛油果", "圣女果", "小番茄", "猕猴桃", "奇异果", "榴莲", "山竹", "荔枝", "龙眼", "杨梅", "蓝莓", "草莓", "哈密瓜", "水蜜桃", "黄桃", "冬枣", "菠萝蜜", "西兰花", "娃娃菜", "小白菜",
  // shop problems
  "缺斤少两", "少发", "漏发", "错发", "发错", "压坏", "磕碰", "破损", "漏液", "补发", "退款", "重复扣款", "扣款", "配送员", "骑手", "送达", "超时",
  // risk signals
  "拉肚子", "食物中毒", "有虫", "长虫", "异物", "发霉", "霉变", "变质", "腐烂", "12315", "消协", "曝光",
];

export function domainDictionary(): Uint8Array {
  return Buffer.from(DOMAIN_WORDS.map((word) => `${word} 100000 n`).join("\n") + "\n");
}

/** Words that carry no meaning for keywords and word clouds. */
export const STOPWORDS = new Set([
  "的", "了", "是", "我", "你", "他", "她", "它", "我们", "你们", "他们", "这", "那", "这个", "那个", "就", "都", "也", "还", "又", "和", "与", "及", "或", "在", "有", "没", "不", "很", "太", "非常", "一个", "一下", "一点", "什么", "怎么", "为什么", "因为", "所以", "但是", "而且", "然后", "已经", "可以", "还是", "就是", "这样", "那样", "吧", "吗", "呢", "啊", "呀", "哦", "嗯", "把", "被", "让", "给", "对", "到", "从", "收到", "东西", "感觉", "觉得", "时候", "今天", "昨天", "明天", "现在", "一次", "这次", "买", "说", "要", "会", "能", "想", "看", "过", "着", "得", "地",
]);
