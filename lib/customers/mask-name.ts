/**
 * A customer's name as shown to whoever holds a browser that may not be theirs (the "switch
 * customer?" page): the first character, the rest as stars — enough for the owner to recognise,
 * too little to learn a stranger's name from.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return "*";
  return chars[0] + "*".repeat(Math.min(Math.max(chars.length - 1, 1), 3));
}
