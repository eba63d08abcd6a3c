/**
 * The `longtasks` step of the benchmark suite (issue 15): a 512-token pass of the shipped model's
 * configuration (seeded weights) and the first map a view draws, with the model in the engine's Web
 * Worker and on the page, per backend, in headless Chromium under the webview's policy; a
 * PerformanceObserver on the page records every long task (> 50 ms: no input handled, nothing
 * painted). Two passes each: the first also builds the model (and on webgl compiles its shaders).
 */
import { launchChromium } from '../../test/browser/model/chromium';
import { serveEnginePage } from '../../test/unit/engine/browser/engine-page';

export interface LongTaskRow {
  backend: string;
  where: 'worker' | 'page';
  renderer: string;
  /** Per pass: its time (pass + first map) and the page's long tasks meanwhile. */
  runs: { millis: number; longTasksMs: number[] }[];
}

export async function measureLongTasks(backends = ['wasm', 'webgl', 'cpu'], n = 512): Promise<{ chromium: string; n: number; rows: LongTaskRow[] }> {
  const [browser, server] = await Promise.all([launchChromium(), serveEnginePage()]);
  try {
    const rows: LongTaskRow[] = [];
    for (const backend of backends) {
      for (const where of ['worker', 'page'] as const) {
        // A fresh page each: the page engine's backend is global to its page.
        const page = await browser.newPage();
        await page.goto(server.url);
        const r = await page.evaluate(({ where, backend, n }) => (globalThis as any).engineTest.longTasks(where, backend, n), { where, backend, n });
        await page.close();
        rows.push({ backend: r.report.backend, where, renderer: r.report.renderer, runs: r.runs });
        console.error(`  ${backend} ${where}: ${r.runs.map((x: any) => `${x.millis.toFixed(0)} ms, long tasks [${x.longTasksMs.map((d: number) => d.toFixed(0)).join(', ')}]`).join('; ')}`);
      }
    }
    return { chromium: browser.version(), n, rows };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (require.main === module) {
  const backends = process.argv[2]?.split(',');
  measureLongTasks(backends, Number(process.argv[3] ?? 512)).then((r) => console.log(JSON.stringify(r)), (e) => {
    console.error(e);
    process.exit(1);
  });
}

type Result = Awaited<ReturnType<typeof measureLongTasks>> | undefined;

const longest = (row: LongTaskRow): number => Math.max(0, ...row.runs.flatMap((r) => r.longTasksMs));

/** The targets table's rows: the longest task of the webview per backend, the model in the worker. */
export function longTaskTargets(r: Result, vscode?: { maxLength?: { longTasksMs: number[] }[] }): { target: string; limit: string; value: number | undefined; met: boolean | undefined; unit: string }[] {
  // The whole panel in the real VS Code (the vscode step: the pass, drawing, the host's messages; the workbench's own tasks apart), for contrast with the engine alone.
  const panel = vscode?.maxLength?.length ? Math.max(0, ...vscode.maxLength.flatMap((x) => x.longTasksMs)) : undefined;
  const whole = { target: 'longest task of the real webview (code-server), 512 tokens from the palette, auto (wasm in the worker)', limit: '< 50 ms', value: panel, met: panel === undefined ? undefined : panel < 50, unit: 'ms' };
  return [...['wasm', 'webgl', 'cpu'].map((backend) => {
    const row = r?.rows.find((x) => x.backend === backend && x.where === 'worker');
    const value = row && longest(row);
    return { target: `longest task in the webview during a ${r?.n ?? 512}-token pass, ${backend}, model in the Web Worker`, limit: '< 50 ms', value, met: value === undefined ? undefined : value < 50, unit: 'ms' };
  }), whole];
}

/** The section of docs/benchmarks.md: page against worker, per backend. */
export function longTaskSection(r: Result): string[] {
  if (!r) return [];
  const lines = ['', `### Long tasks in the webview during a ${r.n}-token pass: the model in a Web Worker or on the page (issue 15)`, '',
    'scripts/bench/long-tasks.ts: headless Chromium, the webview\'s policy, the shipped model\'s configuration with seeded weights; a pass',
    'and the first map a view draws, twice (the first also builds the model; on webgl it compiles the shaders). Long task = > 50 ms.', '',
    '| backend | model runs | pass + first map ms (each) | long tasks ms (each pass) | longest |', '|---|---|---|---|---|'];
  for (const row of r.rows) {
    lines.push(`| ${row.backend} | ${row.where === 'worker' ? 'in the Web Worker' : 'on the page'} | ${row.runs.map((x) => x.millis.toFixed(0)).join(', ')} | ${row.runs.map((x) => x.longTasksMs.map((d) => d.toFixed(0)).join(' + ') || 'none').join('; ')} | ${longest(row).toFixed(0)} |`);
  }
  return lines;
}
