import { join } from 'node:path';
import { z } from 'zod';
import { STUDY_DIR } from './study-loader.ts';
import { studySchema } from './study-schema.ts';

/** JSON Schema of a study file, for editors (`# yaml-language-server: $schema=./study.schema.json`). */
export const STUDY_JSON_SCHEMA_FILE = join(STUDY_DIR, 'study.schema.json');

/** The JSON Schema generated from the zod schema (structure only: names are checked by the loader). */
export function studyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(studySchema(), { io: 'input', target: 'draft-7', unrepresentable: 'any' }),
    title: 'Golden Dome partner study',
    description:
      'A partner study file (packages/scenario/studies). Generated from study-schema.ts: do not edit by hand; regenerate with `npx tsx packages/scenario/src/partner/write-study-json-schema.ts`.',
  };
}

/** The text of study.schema.json as committed (stable key order, trailing newline). */
export function studyJsonSchemaText(): string {
  return `${JSON.stringify(studyJsonSchema(), null, 2)}\n`;
}
