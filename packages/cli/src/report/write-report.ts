import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ReportInput } from './report-input.ts';
import { renderReport } from './html-report.ts';

export const REPORT_FILE = 'report.html';

/** Writes `html` to `<dir>/report.html` atomically (a temporary file, then a rename); creates the folder. Returns the path. */
export function writeReportHtml(dir: string, html: string): string {
  const full = resolve(dir);
  if (existsSync(full) && !statSync(full).isDirectory()) throw new Error(`${full} is a file, not a folder`);
  mkdirSync(full, { recursive: true });
  const path = join(full, REPORT_FILE);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, html);
  renameSync(tmp, path);
  return path;
}

/** Renders the report and writes it into `dir`; returns the path of report.html. */
export async function writeReport(dir: string, input: ReportInput): Promise<string> {
  return writeReportHtml(dir, await renderReport(input));
}
