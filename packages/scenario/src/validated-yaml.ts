import { readFileSync } from 'node:fs';
import { type Document, isAlias, isCollection, isNode, isPair, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

/** Input that broke a rule, located for a person: file, line, column, field path and the rule. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n  ${problems.join('\n  ')}`}`);
    this.name = 'InputError';
  }
}

/**
 * Input refused for its size rather than its content (too large, or aliases that expand too far: an
 * "alias bomb"); still located. A server answers it with 413, the cli with exit 2 (an InputError).
 */
export class InputLimitError extends InputError {
  constructor(file: string, problems: readonly string[]) {
    super(file, problems);
    this.name = 'InputLimitError';
  }
}

export const MAX_YAML_BYTES = 2 * 1024 * 1024;
/** Aliases (`*name`) in one YAML text. */
export const MAX_YAML_ALIASES = 100;
/** Nodes that aliases may add when expanded (each alias counts the whole value it names, nested aliases included). */
export const MAX_YAML_ALIAS_NODES = 10_000;

/** A YAML text parsed within the limits: its document, where each node is, and its value. */
export interface ReadYaml {
  doc: Document;
  lineCounter: LineCounter;
  data: unknown;
}

/**
 * The one YAML reader of the project's inputs (scenarios, studies, policies, catalogs): size limit,
 * duplicate keys refused, syntax errors and alias limits located (line, column), then the value.
 * Throws InputError (InputLimitError for the limits).
 */
export function readYaml(text: string, file: string): ReadYaml {
  if (text.length > MAX_YAML_BYTES) throw new InputLimitError(file, [`file is larger than ${MAX_YAML_BYTES / 1024 / 1024} MiB`]);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      file,
      doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
        return `${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}YAML syntax: ${e.message.split('\n')[0]}`;
      }),
    );
  }
  checkAliases(doc, lineCounter, file);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    // the yaml package's own guard, should it be stricter than checkAliases in some shape
    if (e instanceof ReferenceError) throw new InputLimitError(file, [`top level: YAML aliases expand too far (${e.message})`]);
    throw e;
  }
  return { doc, lineCounter, data };
}

/**
 * Refuses, at the alias that crosses the limit, a text with more than MAX_YAML_ALIASES aliases or
 * whose aliases expand to more than MAX_YAML_ALIAS_NODES nodes. Anchors precede their aliases, so each
 * collection's expanded size is known (memoised) before any alias names it: linear in the text.
 */
function checkAliases(doc: Document, lineCounter: LineCounter, file: string): void {
  const sizes = new Map<unknown, number>();
  let aliases = 0;
  let added = 0;
  const refuse = (node: { range?: [number, number, number] | null }, problem: string): never => {
    const pos = node.range ? lineCounter.linePos(node.range[0]) : undefined;
    throw new InputLimitError(file, [`${pos ? `line ${pos.line}, column ${pos.col}` : 'top level'}: ${problem}`]);
  };
  const size = (node: unknown): number => {
    if (isAlias(node)) {
      aliases += 1;
      if (aliases > MAX_YAML_ALIASES) refuse(node, `more than ${MAX_YAML_ALIASES} YAML aliases`);
      const target = node.resolve(doc);
      const n = target === undefined ? 1 : (sizes.get(target) ?? 1);
      added += n;
      if (added > MAX_YAML_ALIAS_NODES)
        refuse(node, `YAML alias *${node.source} makes the aliases expand to more than ${MAX_YAML_ALIAS_NODES} values (an alias bomb?)`);
      return n;
    }
    if (!isCollection(node)) return 1;
    let n = 1;
    for (const item of node.items) n += isPair(item) ? size(item.key) + size(item.value) : size(item);
    sizes.set(node, n);
    return n;
  };
  size(doc.contents);
}

/** Parses YAML text and validates it against a schema, reporting every problem with its line and field. */
export function parseValidatedYaml<S extends z.ZodType>(text: string, schema: S, file: string): z.infer<S> {
  const { doc, lineCounter, data } = readYaml(text, file);
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
