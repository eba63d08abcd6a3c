/**
 * Bundled by chromium.ts into the test page: puts the views and the constants the tests compare
 * pixels against on `window.xr`. Not a test itself (no .test. in the name).
 */
import '../../../../webview/styles/views.css';
import { renderHeatmapView } from '../../../../webview/views/heatmap/heatmap-view';
import { MASKED_FILL } from '../../../../webview/views/heatmap/heatmap-cells';
import { renderArcsView } from '../../../../webview/views/arcs/arcs-view';
import { renderTokensView } from '../../../../webview/views/tokens/tokens-view';
import { renderOverviewView } from '../../../../webview/views/overview/overview-view';
import { renderMasksView } from '../../../../webview/views/masks/masks-view';
import { renderPositionsView } from '../../../../webview/views/positions/positions-view';
import { renderModelView } from '../../../../webview/views/model/model-view';
import { VIRIDIS, lutIndex } from '../../../../webview/views/shared/colormaps';
import { syntheticRun } from '../../../../webview/dev/synthetic-attention';
import { SHIPPED } from '../../../../src/model/config';

Object.assign(window, {
  xr: {
    renderHeatmapView,
    renderArcsView,
    renderTokensView,
    renderOverviewView,
    renderMasksView,
    renderPositionsView,
    renderModelView,
    syntheticRun,
    SHIPPED,
    viridisAt: (t: number) => Array.from(VIRIDIS.slice(lutIndex(t) * 3, lutIndex(t) * 3 + 3)),
    maskedColours: [MASKED_FILL.rgb, MASKED_FILL.hatch?.rgb].map((c) => Array.from(c ?? [])),
  },
});
