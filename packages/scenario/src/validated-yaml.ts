import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

/** Input that broke a rule, located for a person: file, line, column, field path and the rule. */
export class InputError extends Error {
  constructor(readonly file: string, readonly problems: readonly string[]) {
    super(`${file}: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n  ${problems.join('\n  ')}`}`);
    this.name = 'InputError';
  }
}

export const MAX_YAML_BYTES = 2 * 1024 * 1024;

/** Parses YAML text and validates it against a schema, reporting every problem with its line and field. */
export function parseValidatedYaml<S extends z.ZodType>(text: string, schema: S, file: string): z.infer<S> {
  if (text.length > MAX_YAML_BYTES) throw new InputError(file, [`file is larger than ${MAX_YAML_BYTES / 1024 / 1024} MiB`]);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(file, doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
      return `${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}YAML syntax: ${e.message.split('\n')[0]}`;
    }));
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.map(String);
    let node: unknown = doc.getIn(path, true);
    // For a missing key, point at the nearest existing parent.
    for (let k = path.length - 1; !isNode(node) && k >= 0; k--) node = doc.getIn(path.slice(0, k), true);
    const range = isNode(node) ? node.range : undefined;
    const where = range ? `line ${lineCounter.linePos(range[0]).line}` : 'top level';
    const field = path.length > 0 ? path.join('.') : '(document)';
    return `${where}, field '${field}': ${issue.message}`;
  });
  throw new InputError(file, problems);
}

export function loadValidatedYaml<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, [`cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`]);
  }
  return parseValidatedYaml(text, schema, file);
}
