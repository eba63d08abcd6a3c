import * as assert from 'assert';
import type { AttentionMatrix } from '../../../webview/views/types';
import { MAX_LINES, arcPaths, arcsLayout, bucketOf, lineThreshold, rowY } from '../../../webview/views/arcs/arcs-geometry';

const tok = (text: string, position: number) => ({ text, position, id: position });

function matrix(nq: number, nk: number, weight: (q: number, k: number) => number): AttentionMatrix {
  const weights = new Float32Array(nq * nk);
  for (let q = 0; q < nq; q++) for (let k = 0; k < nk; k++) weights[q * nk + k] = weight(q, k);
  return {
    kind: 'cross',
    layer: 0,
    head: 0,
    queries: Array.from({ length: nq }, (_, i) => tok(`q${i}`, i)),
    keys: Array.from({ length: nk }, (_, i) => tok(`k${i}`, i)),
    weights,
  };
}

/** Parses "Mx,yLx,y" segments back into [y at the query side, y at the key side]. */
function segments(d: string): [number, number][] {
  return [...d.matchAll(/M[\d.]+,([\d.]+)L[\d.]+,([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('arcs geometry', () => {
  const layout = arcsLayout(3, 4, 400, 80);
  const rowOf = (y: number) => Math.round((y - layout.top) / layout.rowHeight - 0.5);
  // 3 queries x 4 keys: query q attends to key q+1 with 0.85, the rest share 0.15.
  const m = matrix(3, 4, (q, k) => (k === q + 1 ? 0.85 : 0.05));

  it('lines run from the query column (left) to the key column (right)', () => {
    assert.ok(layout.lineStartX < layout.lineEndX);
    const [p] = arcPaths([m], [0], { side: 'query', index: 0 }, 0.01, layout).filter((x) => x.weight === bucketOf(0.85));
    assert.deepStrictEqual(segments(p.d).map(([a, b]) => [rowOf(a), rowOf(b)]), [[0, 1]]);
    assert.ok(p.d.startsWith(`M${layout.lineStartX.toFixed(1)},${rowY(layout, 0).toFixed(1)}`));
  });

  it('a focused query shows only its own row of lines', () => {
    const paths = arcPaths([m], [0], { side: 'query', index: 2 }, 0.01, layout);
    const all = paths.flatMap((p) => segments(p.d));
    assert.strictEqual(all.length, 4);
    assert.ok(all.every(([a]) => rowOf(a) === 2));
  });

  it('a focused key shows only the lines into it, one per query', () => {
    const paths = arcPaths([m], [0], { side: 'key', index: 3 }, 0.01, layout);
    const all = paths.flatMap((p) => segments(p.d));
    assert.deepStrictEqual(all.map(([a, b]) => [rowOf(a), rowOf(b)]).sort(), [[0, 3], [1, 3], [2, 3]]);
  });

  it('drops lines below the threshold and buckets opacity by weight', () => {
    const paths = arcPaths([m], [0], null, 0.1, layout);
    assert.strictEqual(paths.length, 1);
    assert.strictEqual(paths[0].count, 3);
    assert.strictEqual(paths[0].weight, 0.85);
    assert.strictEqual(bucketOf(0.012), 0.05);
    assert.strictEqual(bucketOf(1), 1);
  });

  it('only visible heads are drawn, each in its own paths', () => {
    const other = matrix(3, 4, () => 0.25);
    const paths = arcPaths([m, other], [1], null, 0.01, layout);
    assert.ok(paths.every((p) => p.head === 1));
    assert.strictEqual(paths.reduce((n, p) => n + p.count, 0), 12);
  });

  it('raises the threshold for 512 tokens so at most MAX_LINES lines are drawn, but not for a focused token', () => {
    const n = 512;
    const uniform = matrix(n, n, () => 1 / n + 0.02); // every weight above 0.01 and 0.02
    const t = lineThreshold([uniform, uniform], [0, 1], null);
    assert.ok(t > 0.02, `threshold ${t}`);
    assert.strictEqual(lineThreshold([uniform, uniform], [0, 1], { side: 'query', index: 7 }), 0.01);
    const drawn = arcPaths([uniform, uniform], [0, 1], null, t, arcsLayout(n, n, 600, 80)).reduce((c, p) => c + p.count, 0);
    assert.ok(drawn <= MAX_LINES);
  });
});
