/**
 * The image of dense points kept between frames (`PointSplat`), for the overlay over the map
 * (`point-overlay.ts`) and for the map's own frame (`splat-gl.ts`).
 */
import { centresOf, drawnRows, pointSprite, stampRows, type Image, type SplatInput, type Sprite, type SpriteStyle } from './point-splat';
import { TILE, redrawChanged, type Rect } from './splat-tiles';

/** The selected point, as the GPU layer draws it: 10 pixels with a dark 3-pixel outline. */
const SELECTED = { radius: 10, stroke: 3, outline: [0.067, 0.067, 0.067] as const };

/** An image as `PointSplat.draw` hands it over: its pixels, and the part of them changed since the last image. */
export interface DrawnImage extends Image {
  changed: Rect;
}

/** What a kept image was drawn with, besides the filters: another of any of these draws it whole. */
interface Frame {
  /** The size, the sprites' key, whether the selected point is drawn, the index, the world copies and the matrix. */
  key: unknown[];
  /** How each row is drawn in it (see `drawnRows`). */
  rows: Uint8Array;
  /** The selected point's sprite in it, if drawn. */
  selected: Sprite | undefined;
  /** Where each row's point falls in it (see `centresOf`). */
  centres: Int32Array;
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * One image of dense points, drawn again only when what it shows has changed: the sprites
 * are made once per style, the pixels kept between frames, and when only the filters or the
 * selection have changed, only the tiles where a point appears or goes are drawn again
 * (see `redrawChanged`).
 */
export class PointSplat {
  private image: Image | null = null;
  private sprites: Sprite[] = [];
  private spriteKey = '';
  private selected: { key: string; sprite: Sprite } | null = null;
  /** What the current image shows. */
  private drawnFrom: unknown[] = [];
  /** What the current image was drawn with, or null when it is not to be redrawn in part. */
  private frame: Frame | null = null;

  /**
   * `tile`: the side of the squares redrawn in part, in device pixels (see `splat-tiles.ts`);
   * by default `TILE`, or a point's sprite when that is wider (large points on a dense
   * screen), so that each point reaches at most four tiles and is passed over with four looks.
   */
  constructor(private readonly tile?: number) {}

  /**
   * Draws the points `input` selects at `width` × `height` device pixels and returns the
   * image with the part of it that changed, or null when nothing it depends on (`inputs`,
   * the style, the size, the matrix) has changed since the last one, or no point in view
   * has. With `withSelected`, the skipped row is drawn last, as the selected point.
   */
  draw(input: Omit<SplatInput, 'sprites' | 'skipSprite'>, style: SpriteStyle, width: number, height: number, inputs: readonly unknown[], withSelected = false): DrawnImage | null {
    const key = `${style.radius}|${style.stroke}|${style.pixelRatio}|${style.colors.join(';')}`;
    if (key !== this.spriteKey) {
      this.sprites = style.colors.map((c) => pointSprite(c, style.radius, style.stroke, style.pixelRatio));
      this.spriteKey = key;
    }
    const from = [width, height, key, withSelected, ...inputs, ...Array.from(input.matrix)];
    if (sameList(from, this.drawnFrom)) return null;
    this.drawnFrom = from;
    const full: SplatInput = { ...input, sprites: this.sprites, skipSprite: withSelected ? this.selectedSprite(input, style) : undefined };
    const rows = drawnRows(full);
    const frameKey = [width, height, key, withSelected, input.index, input.worlds.join(','), ...Array.from(input.matrix)];
    const last = this.frame;
    const sameCamera = this.image !== null && last !== null && sameList(frameKey, last.key);
    // The points' pixels hold while the camera and size do: a step or a search projects none of them again.
    const centres = sameCamera ? last.centres : centresOf(full, width, height, last?.centres);
    this.frame = { key: frameKey, rows, selected: full.skipSprite, centres };
    if (sameCamera) {
      const tile = this.tile ?? Math.max(TILE, ...this.sprites.map((s) => s.size));
      const changed = redrawChanged(this.image!, full, centres, last.rows, last.selected, rows, tile);
      if (changed) return changed.width > 0 ? { ...this.image!, changed } : null;
    }
    if (this.image?.width !== width || this.image.height !== height) this.image = { width, height, pixels: new Uint32Array(width * height) };
    this.image.pixels.fill(0);
    stampRows(this.image, full, rows, centres);
    return { ...this.image, changed: { x: 0, y: 0, width, height } };
  }

  /** Forgets the last image, so the next `draw` draws whatever it is given, and whole. */
  reset(): void {
    this.drawnFrom = [];
    this.frame = null;
  }

  private selectedSprite(input: Omit<SplatInput, 'sprites' | 'skipSprite'>, style: SpriteStyle): Sprite | undefined {
    if (input.skip < 0 || input.skip >= input.index.n) return undefined;
    const color = style.colors[input.index.layer[input.skip]] ?? [0.4, 0.4, 0.4];
    const key = `${color.join(',')}|${style.pixelRatio}`;
    if (this.selected?.key !== key) this.selected = { key, sprite: pointSprite(color, SELECTED.radius, SELECTED.stroke, style.pixelRatio, SELECTED.outline) };
    return this.selected.sprite;
  }
}
