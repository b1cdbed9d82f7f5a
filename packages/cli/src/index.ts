export { main } from './main.ts';
export type { ReportInput } from './report/report-input.ts';
export { renderReport } from './report/html-report.ts';
export { writeReport, writeReportHtml, REPORT_FILE } from './report/write-report.ts';
