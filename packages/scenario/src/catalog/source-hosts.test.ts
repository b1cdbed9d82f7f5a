import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import { ALLOWED_SOURCE_HOSTS, hostEntry, SOURCE_HOST_CLASSES, sourceHostProblems, urlHosts } from './source-hosts.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const DIRS = ['catalog', 'policies', 'studies', 'scenarios'].map((d) => join(ROOT, d));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? yamlFiles(p) : f.endsWith('.yaml') ? [p] : [];
  });
}

/** Every `source: "..."` string and every entry of a `sources: [...]` list in a YAML text, with its line. */
function sourceStrings(text: string): Array<{ line: number; text: string }> {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const out: Array<{ line: number; text: string }> = [];
  const add = (node: unknown): void => {
    if (isScalar(node) && typeof node.value === 'string') out.push({ line: lc.linePos(node.range?.[0] ?? 0).line, text: node.value });
  };
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key)) return;
      if (pair.key.value === 'source') add(pair.value);
      if (pair.key.value === 'sources' && isSeq(pair.value)) for (const item of pair.value.items) add(item);
      if (pair.key.value === 'sources' && isMap(pair.value)) for (const p of pair.value.items) add(p.value);
    },
  });
  return out;
}

describe('source hosts', () => {
  const files = DIRS.flatMap(yamlFiles);

  it('scans the catalog, policies, studies and scenarios (every YAML file there)', () => {
    for (const d of [
      'catalog/threats',
      'catalog/sensors',
      'catalog/aircraft',
      'catalog/interceptors',
      'catalog/costs',
      'catalog/deflators',
      'catalog/sites',
      'policies',
      'studies',
      'scenarios',
    ]) {
      expect(
        files.some((f) => relative(ROOT, f).startsWith(d)),
        d,
      ).toBe(true);
    }
    // and finds the sources in them: hundreds of strings, the reference study's agencies among them
    const all = files.flatMap((f) => sourceStrings(readFileSync(f, 'utf8')));
    expect(all.length).toBeGreaterThan(500);
    expect(all.some((s) => s.text.includes('https://www150.statcan.gc.ca/'))).toBe(true);
  });

  it('every URL in every source is on a host of the allowed list, and a copy or low-quality page is cited as one', () => {
    const problems: string[] = [];
    for (const f of files) {
      for (const s of sourceStrings(readFileSync(f, 'utf8'))) {
        for (const p of sourceHostProblems(s.text)) problems.push(`${relative(ROOT, f)}:${s.line}: ${p}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('population, GDP and exchange rates come from the statistical agencies, the deflator from CBO/BEA', () => {
    const study = readFileSync(join(ROOT, 'studies', 'canada-partner.yaml'), 'utf8');
    const strings = sourceStrings(study);
    const about = (re: RegExp): string[] => strings.filter((s) => re.test(s.text)).flatMap((s) => urlHosts(s.text));
    for (const h of about(/GDP \(current US\$\)/)) expect(hostEntry(h)?.class, h).toBe('statistical-agency');
    for (const h of about(/population estimate/i)) expect(['statistical-agency', 'government']).toContain(hostEntry(h)?.class);
    const deflator = sourceStrings(readFileSync(join(ROOT, 'catalog', 'deflators', 'us-gdp-price-index.yaml'), 'utf8'));
    for (const s of deflator) for (const h of urlHosts(s.text)) expect(hostEntry(h)?.class, h).toBe('government');
  });

  it('rejects a host that is not listed, a mirror cited as if it were the original, and names the file and line', () => {
    expect(sourceHostProblems('Clear SFS (WikiMili, https://WikiMili.com/en/Clear_Space_Force_Station)')).toEqual([
      "host 'wikimili.com' is not on the allowed list (packages/scenario/src/catalog/source-hosts.ts): cite the primary source, or add the host under the class that fits",
    ]);
    expect(sourceHostProblems('Reuters, https://gutenberg-breakingdefense.staging.breakingmedia.com/2025/05/x')[0]).toMatch(
      /'gutenberg-breakingdefense\.staging\.breakingmedia\.com' is not on the allowed list/,
    );
    expect(sourceHostProblems('CBO letter, https://www.milthink.com/detail/73611')[0]).toMatch(
      /'milthink\.com' is a copy-of-original host: the citation must say so/,
    );
    expect(sourceHostProblems('CBO letter (text as copied at https://www.milthink.com/detail/73611)')).toEqual([]);
    expect(sourceHostProblems('figure, https://misryoum.com/x')[0]).toMatch(/low-quality host/);
    expect(sourceHostProblems('figure, low-quality source: https://misryoum.com/x')).toEqual([]);
    // subdomains of a listed host are covered; a look-alike is not
    expect(sourceHostProblems('https://in.reuters.com/a and https://www150.statcan.gc.ca/t1')).toEqual([]);
    expect(sourceHostProblems('https://reuters.com.evil.example/a')).toHaveLength(1);
    expect(sourceHostProblems('derived: no URL at all')).toEqual([]);
    const text =
      'a: {value: 1, source: "x https://ok.worldbank.org/"}\nb:\n  c: {value: 2, source: "y https://bad.example/z"}\nsources:\n  - "z https://wikimili.com/q"\n';
    expect(sourceStrings(text).map((s) => [s.line, sourceHostProblems(s.text).length])).toEqual([
      [1, 0],
      [3, 1],
      [5, 1],
    ]);
  });

  it('gives every class its reason and every host a class', () => {
    for (const [host, c] of Object.entries(ALLOWED_SOURCE_HOSTS)) {
      expect(SOURCE_HOST_CLASSES[c].length, host).toBeGreaterThan(40);
      expect(host, host).toMatch(/^[a-z0-9.-]+\.[a-z]{2,}$/);
    }
  });
});
