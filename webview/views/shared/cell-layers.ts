/**
 * The cells of a matrix as small images the canvas scales: one pixel per cell, drawn onto the plot
 * without smoothing, and for each hatched fill (masked cells) a mask that lets its stripes through.
 * Built once per matrix; a zoom or pan frame is then a few drawImage calls whatever the matrix size,
 * where painting every device pixel in JavaScript took longer than a display frame at 1024 x 1024.
 */
import { type Fill, type GridWindow, cellPixels, fillMaskPixels, hatchTilePixels } from './grid-paint';

function imageCanvas(pixels: Uint8ClampedArray<ArrayBuffer>, width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')?.putImageData(new ImageData(pixels, width, height), 0, 0);
  return canvas;
}

interface HatchLayer {
  mask: HTMLCanvasElement;
  tile: HTMLCanvasElement;
}

export class CellLayers {
  private readonly cells: HTMLCanvasElement;
  private readonly hatches: HatchLayer[] = [];
  /**
   * With a single hatched fill (the heatmap's masked cells), its cells are holes in `cells` and its
   * colour and stripes are painted under the whole plot first: three fills, no compositing pass.
   */
  private readonly under: { rgb: string; tile: HTMLCanvasElement } | undefined;
  /** The whole matrix in base colours, for the overview thumbnail. */
  private readonly solid: HTMLCanvasElement;
  /** Scratch canvas where a hatch's mask meets its stripes before they go onto the plot. */
  private scratch: HTMLCanvasElement | undefined;

  constructor(
    cellFill: ArrayLike<number>,
    private readonly rows: number,
    private readonly cols: number,
    fills: readonly Fill[],
  ) {
    const hatched = fills.map((f, i) => (f.hatch && fillMaskPixels(cellFill, i) ? i : -1)).filter((i) => i >= 0);
    this.solid = imageCanvas(cellPixels(cellFill, fills), cols, rows);
    if (hatched.length === 1) {
      const fill = fills[hatched[0]];
      this.cells = imageCanvas(cellPixels(cellFill, fills, hatched[0]), cols, rows);
      this.under = { rgb: `rgb(${fill.rgb.join(',')})`, tile: imageCanvas(hatchTilePixels(fill.hatch!), fill.hatch!.period, fill.hatch!.period) };
      return;
    }
    this.cells = this.solid;
    for (const index of hatched) {
      const hatch = fills[index].hatch!;
      this.hatches.push({ mask: imageCanvas(fillMaskPixels(cellFill, index)!, cols, rows), tile: imageCanvas(hatchTilePixels(hatch), hatch.period, hatch.period) });
    }
  }

  /**
   * Draws the window of cells onto the device-pixel rectangle (x, y, width, height) of `ctx`, whose
   * transform must be the identity. Stripes are anchored at the rectangle's corner.
   */
  draw(ctx: CanvasRenderingContext2D, w: GridWindow, x: number, y: number, width: number, height: number): void {
    if (this.under) {
      ctx.fillStyle = this.under.rgb;
      ctx.fillRect(x, y, width, height);
      const stripes = ctx.createPattern(this.under.tile, 'repeat');
      if (stripes) {
        // Anchored at the plot's corner, as the composited stripes below are.
        stripes.setTransform(new DOMMatrix([1, 0, 0, 1, x, y]));
        ctx.fillStyle = stripes;
        ctx.fillRect(x, y, width, height);
      }
    }
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.cells, w.col0, w.row0, w.cols, w.rows, x, y, width, height);
    for (const h of this.hatches) {
      const scratch = this.scratchCanvas(width, height);
      const s = scratch.getContext('2d');
      if (!s) continue;
      s.globalCompositeOperation = 'copy';
      s.imageSmoothingEnabled = false;
      s.drawImage(h.mask, w.col0, w.row0, w.cols, w.rows, 0, 0, width, height);
      s.globalCompositeOperation = 'source-in';
      s.fillStyle = s.createPattern(h.tile, 'repeat') ?? 'transparent';
      s.fillRect(0, 0, width, height);
      ctx.drawImage(scratch, 0, 0, width, height, x, y, width, height);
    }
    ctx.imageSmoothingEnabled = true;
  }

  /** The whole matrix small (smoothed: a thumbnail averages what it cannot show). */
  drawThumbnail(ctx: CanvasRenderingContext2D, x: number, y: number, width: number, height: number): void {
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.solid, 0, 0, this.cols, this.rows, x, y, width, height);
  }

  private scratchCanvas(width: number, height: number): HTMLCanvasElement {
    const c = this.scratch ?? (this.scratch = document.createElement('canvas'));
    if (c.width < width || c.height < height) {
      c.width = Math.max(c.width, width);
      c.height = Math.max(c.height, height);
    }
    return c;
  }
}
