/**
 * Colour maps as 256-entry lookup tables of RGB bytes.
 *
 * Sequential values (attention weights, 0 ... max) use viridis: perceptually uniform, readable in
 * grey-scale, and safe for the common colour-vision deficiencies. Signed values (positional
 * encodings, -1 ... 1) use ColorBrewer's RdBu, reversed so negative = blue and positive = red;
 * ColorBrewer lists it as colour-blind safe.
 */

/** 256 RGB triples, flat: entry i is [lut[3i], lut[3i+1], lut[3i+2]]. */
export type ColorLut = Uint8Array;

export const LUT_SIZE = 256;

/**
 * matplotlib's viridis, its 256 entries rounded to bytes (generated from matplotlib 3.6's
 * `cm.viridis(np.linspace(0, 1, 256))`). Kept verbatim so no approximation error is introduced.
 */
const VIRIDIS_HEX =
  '44015444025645045745055946075a46085c460a5d460b5e470d60470e6147106347116447136548146748166848176948186a481a6c481b6d481c6e481d6f481f70482071482173482374482475482576482677482878482979472a7a472c7a472d7b472e7c472f7d46307e46327e46337f463480453581453781453882443983443a83443b84433d84433e85423f854240864241864142874144874045884046883f47883f48893e49893e4a893e4c8a3d4d8a3d4e8a3c4f8a3c508b3b518b3b528b3a538b3a548c39558c39568c38588c38598c375a8c375b8d365c8d365d8d355e8d355f8d34608d34618d33628d33638d32648e32658e31668e31678e31688e30698e306a8e2f6b8e2f6c8e2e6d8e2e6e8e2e6f8e2d708e2d718e2c718e2c728e2c738e2b748e2b758e2a768e2a778e2a788e29798e297a8e297b8e287c8e287d8e277e8e277f8e27808e26818e26828e26828e25838e25848e25858e24868e24878e23888e23898e238a8d228b8d228c8d228d8d218e8d218f8d21908d21918c20928c20928c20938c1f948c1f958b1f968b1f978b1f988b1f998a1f9a8a1e9b8a1e9c891e9d891f9e891f9f881fa0881fa1881fa1871fa28720a38620a48621a58521a68522a78522a88423a98324aa8325ab8225ac8226ad8127ad8128ae8029af7f2ab07f2cb17e2db27d2eb37c2fb47c31b57b32b67a34b67935b77937b87838b9773aba763bbb753dbc743fbc7340bd7242be7144bf7046c06f48c16e4ac16d4cc26c4ec36b50c46a52c56954c56856c66758c7655ac8645cc8635ec96260ca6063cb5f65cb5e67cc5c69cd5b6ccd5a6ece5870cf5773d05675d05477d1537ad1517cd2507fd34e81d34d84d44b86d54989d5488bd6468ed64590d74393d74195d84098d83e9bd93c9dd93ba0da39a2da37a5db36a8db34aadc32addc30b0dd2fb2dd2db5de2bb8de29bade28bddf26c0df25c2df23c5e021c8e020cae11fcde11dd0e11cd2e21bd5e21ad8e219dae319dde318dfe318e2e418e5e419e7e419eae51aece51befe51cf1e51df4e61ef6e620f8e621fbe723fde725';

/** ColorBrewer RdBu (11 classes), from blue (most negative) to red (most positive). */
const RDBU_REVERSED_ANCHORS = [
  '053061', '2166ac', '4393c3', '92c5de', 'd1e5f0', 'f7f7f7', 'fddbc7', 'f4a582', 'd6604d', 'b2182b', '67001f',
];

function lutFromHex(hex: string): ColorLut {
  const lut = new Uint8Array(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE * 3; i++) lut[i] = parseInt(hex.substr(i * 2, 2), 16);
  return lut;
}

/** Linear interpolation in sRGB between evenly spaced anchors, as matplotlib's LinearSegmentedColormap does. */
function lutFromAnchors(anchors: string[]): ColorLut {
  const lut = new Uint8Array(LUT_SIZE * 3);
  const rgb = anchors.map((a) => [0, 2, 4].map((o) => parseInt(a.substr(o, 2), 16)));
  for (let i = 0; i < LUT_SIZE; i++) {
    const x = (i / (LUT_SIZE - 1)) * (anchors.length - 1);
    const lo = Math.min(Math.floor(x), anchors.length - 2);
    const f = x - lo;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(rgb[lo][c] * (1 - f) + rgb[lo + 1][c] * f);
  }
  return lut;
}

export const VIRIDIS: ColorLut = lutFromHex(VIRIDIS_HEX);
export const RDBU_DIVERGING: ColorLut = lutFromAnchors(RDBU_REVERSED_ANCHORS);

/**
 * LUT index for t in [0, 1], the way matplotlib indexes its 256-entry maps (floor(t * 256), clipped),
 * so a value maps to the same colour here as in a matplotlib figure. NaN maps to 0.
 */
export function lutIndex(t: number): number {
  if (!(t > 0)) return 0;
  if (t >= 1) return LUT_SIZE - 1;
  return Math.min(LUT_SIZE - 1, Math.floor(t * LUT_SIZE));
}

/** LUT index of a value in [min, max] (values outside are clipped). */
export function lutIndexInRange(value: number, min: number, max: number): number {
  return max > min ? lutIndex((value - min) / (max - min)) : 0;
}

export function lutRgb(lut: ColorLut, index: number): [number, number, number] {
  return [lut[index * 3], lut[index * 3 + 1], lut[index * 3 + 2]];
}

export function rgbToHex([r, g, b]: readonly number[]): string {
  return '#' + [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('');
}

/** The colour of t in [0, 1] as #rrggbb. */
export function colorAt(lut: ColorLut, t: number): string {
  return rgbToHex(lutRgb(lut, lutIndex(t)));
}

/**
 * Distinct colours for heads drawn together (arcs view): Paul Tol's "bright" qualitative scheme,
 * designed to stay distinguishable under colour-vision deficiencies, on light and dark backgrounds.
 */
export const HEAD_COLORS: readonly string[] = [
  '#4477aa', '#ee6677', '#228833', '#ccbb44', '#66ccee', '#aa3377', '#bbbbbb', '#ee8866',
];

export function headColor(head: number): string {
  return HEAD_COLORS[head % HEAD_COLORS.length];
}
