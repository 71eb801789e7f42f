/** A `q=` search as an ILIKE pattern that matches the text anywhere: %, _ and \ in it are matched as themselves. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, '\\$&')}%`;
}
