/** The demo shop's products: SKU, name, unit price in fen. */
export const PRODUCTS: [string, string, number][] = [
  ["FR-MANGO-1KG", "海南贵妃芒 1kg", 2590],
  ["FR-DURIAN", "泰国金枕榴莲 约3kg", 19900],
  ["FR-CHERRY-500G", "智利车厘子 500g", 8990],
  ["FR-STRAW-300G", "丹东草莓 300g", 3990],
  ["FR-APPLE-5KG", "烟台红富士 5kg", 4990],
  ["FR-KIWI-12", "佳沛金奇异果 12个", 12800],
  ["FR-ORANGE-3KG", "赣南脐橙 3kg", 3580],
  ["FR-GRAPE-1KG", "阳光玫瑰葡萄 1kg", 3990],
  ["FR-BANANA-1KG", "菲律宾香蕉 1kg", 990],
  ["FR-WATERMELON", "麒麟西瓜 一个", 2990],
  ["VG-TOMATO-1KG", "普罗旺斯西红柿 1kg", 1290],
  ["VG-CUCUMBER-500G", "水果黄瓜 500g", 690],
  ["VG-BROCCOLI", "西兰花 500g", 890],
  ["VG-SPINACH-400G", "有机菠菜 400g", 1190],
  ["VG-POTATO-2KG", "土豆 2kg", 990],
  ["VG-CARROT-1KG", "胡萝卜 1kg", 590],
  ["VG-LETTUCE", "生菜 300g", 590],
  ["VG-MUSHROOM-250G", "香菇 250g", 1290],
];

