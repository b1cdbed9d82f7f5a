/** Up to three known names closest to an unknown one (edit distance), for "did you mean". */
export function closestNames(name: string, known: Iterable<string>): string[] {
  const scored = [...known].map((k) => [k, editDistance(name.toLowerCase(), k.toLowerCase())] as const);
  scored.sort((a, b) => a[1] - b[1]);
  return scored.slice(0, 3).map((s) => s[0]);
}

/** The names to suggest for an unknown one: those that start with what was typed ('sbi' → 'sbi-cbo-2026'), then the closest by edit distance; three at most. */
export function suggestNames(name: string, known: Iterable<string>): string[] {
  const names = [...known];
  const prefixed = names.filter((k) => k.startsWith(name.toLowerCase()));
  return [...new Set([...prefixed, ...closestNames(name, names)])].slice(0, 3);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** A name that is not in its table, with the closest ones it does hold. */
export class UnknownNameError extends Error {
  constructor(kind: string, name: string, suggestions: string[]) {
    super(`unknown ${kind} '${name}'${suggestions.length ? ` (did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?)` : ''}`);
    this.name = 'UnknownNameError';
  }
}
