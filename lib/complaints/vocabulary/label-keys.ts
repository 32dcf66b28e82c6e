import { CATEGORIES, CATEGORY_GROUPS, type Category, type CategoryGroup } from "./taxonomy";
import { PRIORITIES, RESOLUTION_OUTCOMES, STATUSES, type Priority, type ResolutionOutcome, type Status } from "./terms";

/**
 * Message keys for the vocabulary's words, from values read back from the database (plain strings
 * there). Each value is checked against its list, so a typed key comes out without a cast and a
 * value outside the vocabulary fails loudly instead of showing a raw key.
 */
function member<T extends string>(list: readonly T[], value: string, what: string): T {
  const found = list.find((item): item is T => item === value);
  if (found === undefined) throw new Error(`not a ${what}: ${value}`);
  return found;
}

export const categoryKey = (category: string): `taxonomy.${Category}` =>
  `taxonomy.${member(CATEGORIES, category, "category")}`;
export const categoryGroupKey = (group: string): `taxonomy.${CategoryGroup}.label` =>
  `taxonomy.${member(CATEGORY_GROUPS, group, "category group")}.label`;
export const priorityKey = (priority: string): `priority.${Priority}` =>
  `priority.${member(PRIORITIES, priority, "priority")}`;
export const statusKey = (status: string): `status.${Status}` => `status.${member(STATUSES, status, "status")}`;
export const outcomeKey = (outcome: string): `outcomes.${ResolutionOutcome}` =>
  `outcomes.${member(RESOLUTION_OUTCOMES, outcome, "outcome")}`;
