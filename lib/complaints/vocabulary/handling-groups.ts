import { CATEGORY_GROUPS } from "./taxonomy";

/** The handling group VIP customers' complaints go to, whatever they are about (the vip_channel migration). */
export const VIP_GROUP_CODE = "vip";

/** Every handling group: one per taxonomy group (the init migration), and the VIP line. */
export const HANDLING_GROUP_CODES = [...CATEGORY_GROUPS, VIP_GROUP_CODE] as const;
export type HandlingGroupCode = (typeof HANDLING_GROUP_CODES)[number];
