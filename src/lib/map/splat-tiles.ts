/**
 * The parts of an image of dense points that must be drawn again: the image cut into square
 * tiles, each marked when a point that was drawn there is no longer, or one is now. A
 * search that hides a few points then clears and redraws a few tiles instead of stamping
 * every one of 100,000 points again.
 */
import { AS_POINT, AS_SELECTED, BEHIND, stamp, timeColumns, type Image, type SplatInput, type Sprite } from './point-splat';

/** A rectangle of device pixels, row 0 at the top. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where `Tiles.span` puts the tiles it finds. */
const SPAN = new Int32Array(4);

/** The side of a tile, in device pixels: a few points' sprites wide. */
export const TILE = 16;

export class Tiles {
  readonly cols: number;
  readonly rows: number;
  /** 1 per tile to draw again, row by row. */
  readonly dirty: Uint8Array;
  /** How many tiles are marked. */
  count = 0;

  constructor(
    readonly width: number,
    readonly height: number,
    readonly size = TILE,
  ) {
    this.cols = Math.ceil(width / size);
    this.rows = Math.ceil(height / size);
    this.dirty = new Uint8Array(this.cols * this.rows);
  }

  /**
   * The tiles a square of `side` pixels, its top-left pixel at (`left`, `top`), touches
   * within the image, as the first and last column and row, into `SPAN` (one array for
   * every call, none made per point).
   */
  private span(left: number, top: number, side: number): Int32Array {
    const s = this.size;
    SPAN[0] = Math.max(0, Math.floor(left / s));
    SPAN[1] = Math.max(0, Math.floor(top / s));
    SPAN[2] = Math.min(this.cols - 1, Math.floor((left + side - 1) / s));
    SPAN[3] = Math.min(this.rows - 1, Math.floor((top + side - 1) / s));
    return SPAN;
  }

  /** Marks every tile that a square of `side` pixels, its top-left pixel at (`left`, `top`), touches within the image. */
  markSquare(left: number, top: number, side: number): void {
    const t0 = this.span(left, top, side);
    for (let ty = t0[1]; ty <= t0[3]; ty++) {
      for (let tx = t0[0]; tx <= t0[2]; tx++) {
        const t = ty * this.cols + tx;
        if (!this.dirty[t]) {
          this.dirty[t] = 1;
          this.count++;
        }
      }
    }
  }

  /** Stamps `sprite` with its top-left pixel at (`left`, `top`) into `image`, within the marked tiles only. */
  stampIn(image: Image, sprite: Sprite, left: number, top: number): void {
    const s = this.size;
    const t = this.span(left, top, sprite.size);
    for (let ty = t[1]; ty <= t[3]; ty++) {
      for (let tx = t[0]; tx <= t[2]; tx++) {
        if (this.dirty[ty * this.cols + tx]) stamp(image.pixels, image.width, sprite, left, top, tx * s, ty * s, Math.min(image.width, (tx + 1) * s), Math.min(image.height, (ty + 1) * s));
      }
    }
  }

  /** Sets every pixel of the marked tiles to 0 (clear). */
  clear(pixels: Uint32Array): void {
    const s = this.size;
    for (let ty = 0; ty < this.rows; ty++) {
      for (let tx = 0; tx < this.cols; tx++) {
        if (!this.dirty[ty * this.cols + tx]) continue;
        const x0 = tx * s;
        const x1 = Math.min(this.width, x0 + s);
        for (let y = ty * s, y1 = Math.min(this.height, y + s); y < y1; y++) pixels.fill(0, y * this.width + x0, y * this.width + x1);
      }
    }
  }

  /** The smallest rectangle holding every marked tile, within the image; empty (0 × 0) when none is marked. */
  bounds(): Rect {
    let tx0 = this.cols;
    let ty0 = this.rows;
    let tx1 = -1;
    let ty1 = -1;
    for (let t = 0; t < this.dirty.length; t++) {
      if (!this.dirty[t]) continue;
      const tx = t % this.cols;
      const ty = (t - tx) / this.cols;
      tx0 = Math.min(tx0, tx);
      tx1 = Math.max(tx1, tx);
      ty0 = Math.min(ty0, ty);
      ty1 = Math.max(ty1, ty);
    }
    if (tx1 < 0) return { x: 0, y: 0, width: 0, height: 0 };
    const x = tx0 * this.size;
    const y = ty0 * this.size;
    return { x, y, width: Math.min(this.width, (tx1 + 1) * this.size) - x, height: Math.min(this.height, (ty1 + 1) * this.size) - y };
  }
}

/**
 * Brings `image`, which shows `before` (rows as `drawnRows` gives them; `beforeSelected` the
 * selected point's sprite then), to show `rows`, with the same camera, size and sprites
 * (`centres` from `centresOf` for them): the tiles where a row appears or goes are cleared,
 * and every point over them is stamped again in time order, clipped to them, so each of
 * their pixels comes out as a whole redraw makes it. Returns the rectangle that changed
 * (0 × 0 when no changed row is in view), or null, having changed nothing, when over a
 * quarter of the tiles would be drawn again: a whole redraw is then about as quick.
 */
export function redrawChanged(image: Image, input: SplatInput, centres: Int32Array, before: Uint8Array, beforeSelected: Sprite | undefined, rows: Uint8Array, tile = TILE): Rect | null {
  const n = rows.length;
  const worlds = input.worlds.length;
  const layer = timeColumns(input.index).layer;
  const tiles = new Tiles(image.width, image.height, tile);
  const most = (tiles.cols * tiles.rows) / 4;
  // No closure made per call or per row: V8 compiles the loop for the functions it has
  // seen, and new ones at the next call threw that code away mid-loop.
  for (let k = 0; k < n; k++) {
    const was = before[k];
    const now = rows[k];
    if (was === now) continue;
    markRow(tiles, centres, n, worlds, k, was === AS_POINT ? input.sprites[layer[k]] : was === AS_SELECTED ? beforeSelected : undefined);
    markRow(tiles, centres, n, worlds, k, now === AS_POINT ? input.sprites[layer[k]] : now === AS_SELECTED ? input.skipSprite : undefined);
    if (tiles.count > most) return null;
  }
  if (tiles.count === 0) return tiles.bounds();
  tiles.clear(image.pixels);
  // Every shown point again, in time order, with no closure per point, for there may be
  // 100,000 of them: a sprite no wider than a tile touches at most the tiles of its four
  // corners, so those not marked are passed over with four looks.
  const { cols, dirty } = tiles;
  const lastCol = cols - 1;
  const lastRow = tiles.rows - 1;
  let selected = -1;
  for (let k = 0; k < n; k++) {
    const r = rows[k];
    if (r === AS_SELECTED) selected = k;
    if (r !== AS_POINT) continue;
    const sprite = input.sprites[layer[k]];
    const half = sprite.size >> 1;
    for (let w = 0; w < worlds; w++) {
      const i = 2 * (w * n + k);
      if (centres[i] === BEHIND) continue;
      const left = centres[i] - half;
      const top = centres[i + 1] - half;
      const x0 = Math.min(lastCol, Math.max(0, Math.floor(left / tile)));
      const x1 = Math.min(lastCol, Math.max(0, Math.floor((left + sprite.size - 1) / tile)));
      const y0 = Math.min(lastRow, Math.max(0, Math.floor(top / tile))) * cols;
      const y1 = Math.min(lastRow, Math.max(0, Math.floor((top + sprite.size - 1) / tile))) * cols;
      if (sprite.size > tile || dirty[y0 + x0] || dirty[y0 + x1] || dirty[y1 + x0] || dirty[y1 + x1]) tiles.stampIn(image, sprite, left, top);
    }
  }
  const top = input.skipSprite;
  if (selected >= 0 && top) {
    const half = top.size >> 1;
    for (let w = 0; w < worlds; w++) {
      const i = 2 * (w * n + selected);
      if (centres[i] !== BEHIND) tiles.stampIn(image, top, centres[i] - half, centres[i + 1] - half);
    }
  }
  return tiles.bounds();
}

/** Marks the tiles row `k`'s `sprite` covers on each world copy (none when no sprite). */
function markRow(tiles: Tiles, centres: Int32Array, n: number, worlds: number, k: number, sprite: Sprite | undefined): void {
  if (!sprite) return;
  const half = sprite.size >> 1;
  for (let w = 0; w < worlds; w++) {
    const i = 2 * (w * n + k);
    if (centres[i] !== BEHIND) tiles.markSquare(centres[i] - half, centres[i + 1] - half, sprite.size);
  }
}
