import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '..', '..', '..');
const tracked = execFileSync('git', ['ls-files'], { cwd: REPO, encoding: 'utf8' })
  .split('\n')
  .filter((f) => /\.(ts|mjs|js|md|yaml|json|py|sh)$/.test(f) || f === '.ci/run');

describe('the repository stands alone (a clone has no ../shared)', () => {
  it('no tracked file cites the workplace folder beside the repository (dot-dot slash shared)', () => {
    const citing = tracked.filter((f) => /\.\.\/shared\//.test(readFileSync(join(REPO, f), 'utf8')));
    expect(citing).toEqual([]);
  });

  it('every docs/ and bench/ markdown file that code or docs cite exists', () => {
    const missing = new Set<string>();
    for (const f of tracked) {
      for (const m of readFileSync(join(REPO, f), 'utf8').matchAll(/\b((?:docs|bench)\/[A-Za-z0-9_./-]+\.md)\b/g)) {
        if (!existsSync(join(REPO, m[1]))) missing.add(`${m[1]} (cited in ${f})`);
      }
    }
    expect([...missing]).toEqual([]);
  });
});
