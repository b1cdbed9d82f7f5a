// Writes studies/study.schema.json from the zod schema (editors use it for completion and checks).
// Run: npx tsx packages/scenario/src/partner/write-study-json-schema.ts
// The study tests fail when the committed file differs from what this writes.
import { writeFileSync } from 'node:fs';
import { STUDY_JSON_SCHEMA_FILE, studyJsonSchemaText } from './study-json-schema.ts';

writeFileSync(STUDY_JSON_SCHEMA_FILE, studyJsonSchemaText());
console.log(`wrote ${STUDY_JSON_SCHEMA_FILE}`);
