/**
 * The cli's work on the trial pool's threads (the pool's `report` task: @golden-dome/pool's worker loads
 * this module on the first such task, as it loads the server's pool-tasks for `edge` tasks): a server
 * campaign's HTML report, the cli's (summary, plots, map, the representative trial's engagement timeline
 * read from the log its campaign returned), so that `dome serve` does not build it on its event loop.
 * Reads the campaign's result and the world; runs no trial.
 */
import { readFileSync } from 'node:fs';
import type { World } from '@golden-dome/core';
import { renderReport } from '../report/html-report.ts';
import { campaignReportInput } from './campaign-report.ts';
import { type campaignCostInputs, unitCostSources } from './cost-inputs.ts';
import type { CampaignResult } from './runner.ts';
import type { LoadedScenario } from './scenario-source.ts';

/** What `dome serve`'s campaign runner keeps with a campaign's outcome (its `detail`), and the report's name and time. */
export interface CampaignReportArgs {
  result: CampaignResult;
  loaded?: LoadedScenario;
  /** The library file the campaign's scenario came from (its text is shown in a report of the whole log). */
  file?: string;
  costs?: ReturnType<typeof campaignCostInputs>;
  scenario: string;
  generatedAt: string;
}

/** The campaign's HTML report, in the campaign's view (campaignReportInput). */
export async function campaignReportHtml(world: World, args: CampaignReportArgs): Promise<string> {
  const { result, loaded, file, costs, scenario } = args;
  const sc = (loaded?.scenario ?? {}) as { name?: string; summary?: string; description?: string; sources?: string[]; epoch?: string };
  let text: string | undefined;
  try {
    text = file ? readFileSync(file, 'utf8') : undefined;
  } catch {
    text = undefined;
  }
  return renderReport(
    campaignReportInput(result, world, {
      file: file ?? scenario,
      name: sc.name ?? scenario,
      summary: sc.summary ?? sc.description ?? '',
      sources: sc.sources ?? [],
      epoch: sc.epoch ?? loaded?.request.epoch ?? '',
      text,
      weaponTypes: loaded?.weaponTypes ?? {},
      ...(costs ? { unitCostSources: unitCostSources(costs) } : {}),
      generatedAt: args.generatedAt,
    }),
  );
}

/** The pool worker's entry for `report` tasks (protocol.ts ReportTask). */
export function reportTask(world: World, args: unknown): Promise<string> {
  return campaignReportHtml(world, args as CampaignReportArgs);
}
