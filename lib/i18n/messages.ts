import en from "./messages/en.json";
import es from "./messages/es.json";
import zhCN from "./messages/zh-CN.json";
import type { Locale } from "./config";

export type Messages = typeof zhCN;
export const MESSAGES: Record<Locale, Messages> = { "zh-CN": zhCN, en, es };
