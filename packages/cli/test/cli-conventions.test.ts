/**
 * The conventions every `dome` command keeps (docs/cli.md): help, version, did-you-mean, exit codes,
 * a closed pipe, SIGTERM, scenario arguments, the --out folder's safety, provenance, catalog,
 * validate and new. The process-level ones run the compiled CLI (bin/dome.mjs → dist/), the rest
 * call main() in-process on the TypeScript sources.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_DIR } from '@golden-dome/scenario';
import { COMMANDS } from '../src/commands.ts';
import { main } from '../src/main.ts';
import { runCommand } from '../src/commands/run.ts';
import { prepareOut, writeOut } from '../src/output/prepare-out.ts';
import { parseGrid, readScenarioBase, editScenarioFields } from '../src/campaign/scenario-edit.ts';
import { scenarioFileArg } from '../src/campaign/scenario-source.ts';
import { writeTinyScenario } from './tiny-scenarios.ts';

const BIN = resolve(__dirname, '..', 'bin', 'dome.mjs');
const REPO = resolve(__dirname, '..', '..', '..');

async function dome(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const bin = (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: opts.cwd ?? REPO, env: { ...process.env, ...opts.env } });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dome-conventions-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the compiled command', () => {
  it('dome --help lists every command with its summary; --version prints the version and the commit', () => {
    const help = bin(['--help']);
    expect(help.status).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toContain(`  ${c.name.padEnd(18)}  ${c.summary}`);
    expect(help.stdout).toMatch(/Exit codes: 0 ok, 1 internal error, 2 usage or input error, 130 interrupted/);
    const version = bin(['--version']);
    expect(version.status).toBe(0);
    const pkg = JSON.parse(readFileSync(join(REPO, 'packages', 'cli', 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout).toMatch(
      new RegExp(`^dome ${pkg.version.replaceAll('.', '\\.')} \\(commit ([0-9a-f]{12}(\\+dirty)?|unknown), Node v\\d+`),
    );
    // the compiled output exists and is what ran (not tsx)
    expect(existsSync(join(REPO, 'packages', 'cli', 'dist', 'dome.js'))).toBe(true);
  });

  it('a closed pipe (dome catalog --json | head -c 20) ends quietly with exit 0, no stack trace', () => {
    const p = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${BIN}" catalog --json | head -c 20 >/dev/null; echo "dome exit \${PIPESTATUS[0]}" >&2`],
      { encoding: 'utf8', cwd: REPO },
    );
    expect(p.stderr).toMatch(/dome exit 0\s*$/);
    expect(p.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });

  it('SIGTERM is Ctrl-C: the run stops, writes the trials done with a report that says so, exits 130', async () => {
    const scenario = writeTinyScenario(dir, 'tiny-term', 8, false);
    const out = join(dir, 'term-out');
    const child = spawn(process.execPath, [BIN, 'run', scenario, '--trials', '100000', '--workers', '1', '--out', out], { cwd: REPO });
    let err = '';
    const code = await new Promise<number | null>((done) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (/\d+\/100000 trials/.test(err) && !child.killed) child.kill('SIGTERM');
      });
      child.on('exit', (c) => done(c));
    });
    expect(err).toMatch(/building the world: missiles flown 1\/1, \d+s elapsed/); // progress of the world build, then of the trials
    expect(err).toMatch(/interrupted; writing the trials done/);
    expect(code).toBe(130);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
      status: string;
      trials: number;
      provenance: { seeds: { first: number; count: number }; command_line: string };
    };
    expect(results.status).toBe('interrupted');
    expect(results.trials).toBeGreaterThan(0);
    expect(results.trials).toBeLessThan(100000);
    expect(results.provenance.seeds).toEqual({ first: 1, count: results.trials });
    expect(results.provenance.command_line).toBe(`dome run ${scenario} --trials 100000 --workers 1 --out ${out}`);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(`INTERRUPTED: ${results.trials} of the 100000 trials requested ran`);
    expect(readdirSync(out).sort()).toEqual(['provenance.json', 'report.html', 'results.json', 'trials.csv']); // no temporary files left
  }, 60_000);
});

describe('every command', () => {
  it.each(COMMANDS.map((c) => c.name))('dome %s --help prints its help (exit 0) and runs nothing', async (name) => {
    const r = await dome(name, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^dome ${name} — `));
    expect(r.err).toBe('');
    const again = await dome('help', name);
    expect(again.out).toBe(r.out);
  });

  it('dome demo --help does not run the demo', async () => {
    const r = await dome('demo', '--help');
    expect(r.out).not.toContain('the reference study (see README)');
  });

  it.each([
    [['runn'], /unknown command 'runn'; did you mean 'run'\?/],
    [['catalgo'], /did you mean 'catalog'\?/],
    [['run', 'nk-2029-salvo', '--trails', '3'], /Unknown option '--trails'; did you mean --trials\? \(dome run --help shows every flag\)/],
    [['sweep', 'nk-2029-salvo', '--vari', 'x=1'], /did you mean --vary\?/],
    [['catalog', '--jsno'], /did you mean --json\?/],
    [['trajectory', '--misile', 'hwasong-17'], /did you mean --missile\?/],
    [['cost', '--sytem', 'ngi'], /did you mean --system\?/],
    [['run', 'nk-2029-salvo', '--trials'], /Option '--trials <value>' argument missing/],
    [['catalog', 'extra'], /Unexpected argument 'extra'/],
  ])('%j: exit 2 with a suggestion, no stack trace', async (argv, message) => {
    const r = await dome(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('no command prints the help to stderr and exits 2', async () => {
    const r = await dome();
    expect(r.code).toBe(2);
    expect(r.err).toContain('Commands:');
  });
});

describe('scenario arguments', () => {
  it('a library name, with or without .yaml, is the library file', () => {
    expect(scenarioFileArg('nk-2029-salvo')).toBe(join(SCENARIO_DIR, 'nk-2029-salvo.yaml'));
    expect(scenarioFileArg('nk-2029-salvo.yaml')).toBe(join(SCENARIO_DIR, 'nk-2029-salvo.yaml'));
  });

  it('a relative path is resolved from INIT_CWD (where the user stood when npm started dome), before the current folder', async () => {
    const user = join(dir, 'user-folder');
    mkdirSync(user);
    cpSync(join(SCENARIO_DIR, 'slbm-coastal.yaml'), join(user, 'slbm-coastal.yaml'));
    writeTinyScenario(user, 'mine', 4, false);
    const before = process.env.INIT_CWD;
    process.env.INIT_CWD = user;
    try {
      expect(scenarioFileArg('mine.yaml')).toBe(join(user, 'mine.yaml'));
      expect(scenarioFileArg('slbm-coastal.yaml')).toBe(join(user, 'slbm-coastal.yaml')); // the user's copy, not the library's
      const r = await dome('validate', 'mine.yaml', '--quick');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`ok: ${join(user, 'mine.yaml')}: scenario 'mine'`);
    } finally {
      if (before === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = before;
    }
  });

  it('a missing scenario names every path tried and the nearest library name (exit 2)', async () => {
    const r = await dome('run', 'nk-2029-salvo-no-sbl', '--trials', '1');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`tried ${resolve('nk-2029-salvo-no-sbl')}`);
    expect(r.err).toContain(join(SCENARIO_DIR, 'nk-2029-salvo-no-sbl.yaml'));
    expect(r.err).toMatch(/did you mean 'nk-2029-salvo-no-sbi'\?/);
    const study = await dome('partner-study', 'canada-partnr');
    expect(study.code).toBe(2);
    expect(study.err).toMatch(/study 'canada-partnr' not found; tried .*did you mean 'canada-partner'\?/);
  });

  it("the README's sweep and compare examples name scenarios and fields that resolve and validate as written", () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const sweep = /`dome sweep (\S+) --vary (\S+)/.exec(readme);
    const compare = /`dome compare ([^\s-]\S*) ([^\s-]\S*?)`/.exec(readme);
    expect(sweep).not.toBeNull();
    expect(compare).not.toBeNull();
    const base = readScenarioBase(scenarioFileArg(sweep![1]));
    const { fields, combinations } = parseGrid([sweep![2]], base.loaded.yaml.data, base.file);
    expect(combinations.length).toBe(4);
    for (const c of combinations)
      editScenarioFields(
        base,
        fields.map((f, i) => ({ keys: f.keys, value: c[i], path: f.path })),
      );
    for (const f of [compare![1], compare![2]])
      expect(readScenarioBase(scenarioFileArg(f)).loaded.scenario.name).toBe(f.replace(/\.yaml$/, ''));
  });
});

describe('the --out folder', () => {
  it('a folder holding files is refused without --force, naming every file --force would replace', () => {
    const out = join(dir, 'full');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    expect(() => prepareOut(out, false, ['results.json', 'trials.csv', 'report.html'])).toThrow(
      /folder is not empty \(--force replaces results\.json, trials\.csv and report\.html in it and touches nothing else/,
    );
  });

  it('--force names what it replaces, and nothing else in the folder is touched', () => {
    const out = join(dir, 'forced');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    writeFileSync(join(out, 'results.json'), 'old');
    const warned: string[] = [];
    const folder = prepareOut(out, true, ['results.json', 'trials.csv'], (s) => warned.push(s));
    expect(warned).toEqual([`dome: --force: results.json in ${out} will be replaced (nothing else there is touched)`]);
    const w = writeOut(
      folder,
      [
        { name: 'results.json', content: 'new' },
        { name: 'trials.csv', content: 'a,b\n' },
      ],
      () => {},
    );
    expect(w.fallback).toBe(false);
    expect(readdirSync(out).sort()).toEqual(['notes.txt', 'results.json', 'trials.csv']);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe('new');
    expect(() => writeOut(folder, [{ name: 'other.txt', content: 'x' }], () => {})).toThrow(/not declared/);
  });

  it('a file, or a folder that cannot be created, is refused before any work', () => {
    writeFileSync(join(dir, 'a-file'), '');
    expect(() => prepareOut(join(dir, 'a-file'), false, ['x'])).toThrow(/is a file, not a folder/);
    expect(() => prepareOut(join(dir, 'a-file', 'sub'), false, ['x'])).toThrow(/cannot create the folder \(ENOTDIR|EEXIST/);
  });

  it('when writing fails at the end, the files go to a printed fallback folder and no temporary file is left', () => {
    const out = join(dir, 'vanishing');
    const folder = prepareOut(out, false, ['results.json']);
    rmSync(out, { recursive: true }); // the folder went away during the campaign
    const said: string[] = [];
    const w = writeOut(folder, [{ name: 'results.json', content: '{"trials": 3}' }], (s) => said.push(s));
    expect(w.fallback).toBe(true);
    expect(said[0]).toMatch(new RegExp(`could not write to --out ${out} \\(ENOENT\\); the results are in ${w.dir}`));
    expect(readFileSync(join(w.dir, 'results.json'), 'utf8')).toBe('{"trials": 3}');
    expect(existsSync(out)).toBe(false);
    rmSync(w.dir, { recursive: true });
  });

  it('a run with 0 trials (interrupted at once) prints no NaN and writes none', async () => {
    const scenario = writeTinyScenario(dir, 'tiny-zero', 4, false);
    const out = join(dir, 'zero');
    const controller = new AbortController();
    controller.abort();
    const lines: string[] = [];
    const code = await runCommand(
      [scenario, '--trials', '5', '--workers', '1', '--out', out],
      { stdout: (s) => lines.push(s), stderr: () => {} },
      { signal: controller.signal, onProgress: () => {} },
    );
    expect(code).toBe(130);
    expect(lines.join('\n')).not.toMatch(/NaN/);
    const results = readFileSync(join(out, 'results.json'), 'utf8');
    expect(results).not.toMatch(/NaN/);
    expect(JSON.parse(results).trials).toBe(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('INTERRUPTED: 0 of the 5 trials requested ran (seeds none)');
  }, 30_000);
});

describe('catalog, validate, new', () => {
  it('dome catalog lists every kind; --id shows an entry readably with its sources', async () => {
    const r = await dome('catalog');
    for (const title of ['Threats:', 'Sensors:', 'Interceptors', 'Sites', 'Cost systems', 'Policies', 'Scenarios', 'Studies'])
      expect(r.out).toContain(title);
    for (const id of ['hwasong-17', 'sbx', 'ngi', 'pyongyang-sunan', 'norad-integrated', 'nk-2029-salvo', 'canada-partner'])
      expect(r.out).toMatch(new RegExp(`\\n {2}${id} `));
    const one = await dome('catalog', '--id', 'hwasong-17');
    expect(one.out).toMatch(/^hwasong-17 \(threat\)\n {2}id: hwasong-17\n/);
    expect(one.out).toMatch(/range_km: 15000\n\s+source: Japanese Defence Minister/);
    const bad = await dome('catalog', '--id', 'hwasong17');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/did you mean 'hwasong-17'\?/);
  });

  it('dome new scenario writes a commented file that validates; a copy under another name is told how to fix its name', async () => {
    const user = join(dir, 'new-here');
    mkdirSync(user);
    const before = process.env.INIT_CWD;
    process.env.INIT_CWD = user;
    try {
      const made = await dome('new', 'scenario', 'my-raid', '--from', 'slbm-coastal');
      expect(made.code).toBe(0);
      const text = readFileSync(join(user, 'my-raid.yaml'), 'utf8');
      expect(text).toMatch(/^# yaml-language-server: \$schema=.*scenario\.schema\.json\n/);
      expect(text).toMatch(/\nname: my-raid\n/);
      expect(text).toContain('dome validate my-raid.yaml');
      expect((await dome('validate', 'my-raid.yaml', '--quick')).code).toBe(0);
      expect((await dome('new', 'scenario', 'my-raid')).err).toMatch(/exists \(--force replaces it\)/);
      cpSync(join(user, 'my-raid.yaml'), join(user, 'copy.yaml'));
      const copy = await dome('validate', 'copy.yaml', '--quick');
      expect(copy.code).toBe(2);
      expect(copy.err).toMatch(/'my-raid' must match the file name 'copy\.yaml' \(set name: copy, or rename the file to my-raid\.yaml\)/);
    } finally {
      if (before === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = before;
    }
  });
});
