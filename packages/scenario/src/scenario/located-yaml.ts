import { isNode } from 'yaml';
import type { z } from 'zod';
import { InputError, readYaml } from '../validated-yaml.ts';

/** A position in a YAML file, 1-based, for people. */
export interface YamlPosition {
  line: number;
  col: number;
}

export type YamlPath = readonly PropertyKey[];

/** Parsed YAML that still knows where every value came from. */
export interface LocatedYaml {
  data: unknown;
  /** Where a value is; for a missing key, where its nearest existing parent is. */
  locate(path: YamlPath): YamlPosition | undefined;
  has(path: YamlPath): boolean;
}

/** `raid[2].target.id` */
export function formatPath(path: YamlPath): string {
  if (path.length === 0) return '(document)';
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i > 0 ? '.' : ''}${String(k)}`)).join('');
}

/** "line 12, column 5, field 'raid[0].type': <message>" */
export function locatedProblem(yaml: LocatedYaml, path: YamlPath, message: string): string {
  const pos = yaml.locate(path);
  return `${pos ? `line ${pos.line}, column ${pos.col}` : 'top level'}, field '${formatPath(path)}': ${message}`;
}

/** Parses YAML text (validated-yaml.ts, readYaml: limits, located syntax errors) keeping where every value is. */
export function readLocatedYaml(text: string, file: string): LocatedYaml {
  const { doc, lineCounter, data } = readYaml(text, file);
  const keys = (path: YamlPath): unknown[] => path.map((k) => (typeof k === 'symbol' ? String(k) : k));
  return {
    data,
    has: (path) => isNode(doc.getIn(keys(path), true)),
    locate(path) {
      for (let k = path.length; k >= 0; k--) {
        const node: unknown = k === 0 ? doc.contents : doc.getIn(keys(path.slice(0, k)), true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]);
      }
      return undefined;
    },
  };
}

/** Every zod issue as a located problem, in file order; a missing field and an unknown field say so plainly. */
export function locatedIssues(yaml: LocatedYaml, issues: readonly z.core.$ZodIssue[]): string[] {
  const located = issues.flatMap((issue): { path: YamlPath; text: string }[] => {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ path: [...path, k], text: 'unknown field (check the spelling; see scenario.schema.json)' }));
    }
    if (issue.code === 'invalid_type' && !yaml.has(path)) return [{ path, text: `required field is missing (${issue.expected})` }];
    return [{ path, text: issue.message }];
  });
  const order = (p: YamlPath): number => {
    const pos = yaml.locate(p);
    return pos ? pos.line * 100_000 + pos.col : 0;
  };
  return located
    .map((x) => ({ ...x, at: order(x.path) }))
    .sort((a, b) => a.at - b.at) // stable: same place keeps the schema's order
    .map((x) => locatedProblem(yaml, x.path, x.text));
}

/** Parses and validates YAML, listing every problem at once with line, column and field. */
export function parseLocatedYaml<S extends z.ZodType>(text: string, schema: S, file: string): { value: z.infer<S>; yaml: LocatedYaml } {
  const yaml = readLocatedYaml(text, file);
  const parsed = schema.safeParse(yaml.data);
  if (!parsed.success) throw new InputError(file, locatedIssues(yaml, parsed.error.issues));
  return { value: parsed.data, yaml };
}
