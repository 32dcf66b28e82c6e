/**
 * A complaint's short number, as customers, staff and the ops robots see it: the id's last eight
 * hex digits, in capitals. Not its first eight: a complaint's id is time-ordered (lib/uuid-v7.ts)
 * and starts with its time, which every complaint of the same minute or so shares; the last eight
 * are random.
 */
export function complaintNumber(id: string): string {
  return id.slice(-8).toUpperCase();
}
