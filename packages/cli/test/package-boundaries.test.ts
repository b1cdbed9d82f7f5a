import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// issue 16: package boundaries are enforced by lint (eslint.config.js, PACKAGE_BOUNDARIES), checked here on
// text that is never written: a deep import is an error in a package's sources, the package name is not
const ROOT = join(import.meta.dirname, '..', '..', '..');
const lint = async (file: string, text: string): Promise<string[]> => {
  const [result] = await new ESLint({ cwd: ROOT }).lintText(text, { filePath: join(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
};

describe('package boundaries (lint)', () => {
  it("refuses a path into another package's folder or src, in any package's sources; accepts its name", async () => {
    const deep = "import { runTrial } from '../../core/src/index.ts';\nexport const f = runTrial;\n";
    const srcOfName = "import { resolvePlace } from '@golden-dome/scenario/src/places.ts';\nexport const f = resolvePlace;\n";
    const byName = "import { runTrial } from '@golden-dome/core';\nexport const f = runTrial;\n";
    for (const file of ['packages/cli/src/probe.ts', 'packages/server/src/export/probe.ts', 'packages/core/src/engine/probe.ts']) {
      expect(await lint(file, deep), file).toHaveLength(1);
      expect(await lint(file, srcOfName), file).toHaveLength(1);
    }
    expect(await lint('packages/cli/src/probe.ts', byName)).toEqual([]);
    // core stays pure as well
    expect(
      (await lint('packages/core/src/probe.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"))[0],
    ).toMatch(/core is pure/);
  });
});
