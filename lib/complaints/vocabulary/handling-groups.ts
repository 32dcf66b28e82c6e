/** The handling group VIP customers' complaints go to, whatever they are about (the vip_channel migration). */
export const VIP_GROUP_CODE = "vip";

/**
 * A handling group's code: the four the init migration made (one per taxonomy group), the VIP
 * line, and any an admin creates (lib/staff/handling-groups.ts).
 */
export const GROUP_CODE_PATTERN = /^[a-z][a-z0-9_]{1,31}$/;
