// Writes scenarios/scenario.schema.json from the zod schema (editors use it for completion and checks).
// Run: npx tsx packages/scenario/src/scenario/write-scenario-json-schema.ts
// The scenario tests fail when the committed file differs from what this writes.
import { writeFileSync } from 'node:fs';
import { SCENARIO_JSON_SCHEMA_FILE, scenarioJsonSchemaText } from './scenario-loader.ts';

writeFileSync(SCENARIO_JSON_SCHEMA_FILE, scenarioJsonSchemaText());
console.log(`wrote ${SCENARIO_JSON_SCHEMA_FILE}`);
