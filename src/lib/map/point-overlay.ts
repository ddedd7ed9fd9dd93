import { straightInto, type SplatInput, type SpriteStyle } from './point-splat';
import { PointSplat } from './splat-kept';

/** The map canvas's size: device pixels for the image, CSS pixels for the element. */
export interface OverlaySize {
  width: number;
  height: number;
  cssWidth: number;
  cssHeight: number;
}

/**
 * Dense points drawn on a 2D canvas laid right over the map's WebGL canvas, instead of
 * inside the map's frame. Without a GPU, a frame of the map costs 25–35 ms of SwiftShader
 * (basemap, layers, and reading the frame back for the compositor) whatever changed; a
 * timeline step, layer toggle or search that changes only the points then costs the
 * stamping and the compositor's blend of one image, and the map is not drawn again.
 *
 * Only where nothing the layer list puts above the points is drawn (below the labels'
 * zoom), so the overlay keeps the map's z-order; the selected point is drawn in it last.
 */
export class PointOverlay {
  private canvas: HTMLCanvasElement | null = null;
  private context: CanvasRenderingContext2D | null = null;
  private readonly splat = new PointSplat();
  /** The canvas's pixels in straight colours, as `putImageData` takes them; the splat's own stay premultiplied. */
  private straight: ImageData | null = null;

  /** `container` holds the map's canvas (MapLibre's canvas container). */
  constructor(private readonly container: HTMLElement) {}

  /** Draws the points `input` selects, with the skipped row as the selected point, when anything in `inputs`, the style, size or matrix has changed. */
  draw(input: Omit<SplatInput, 'sprites' | 'skipSprite'>, style: SpriteStyle, size: OverlaySize, inputs: readonly unknown[]): void {
    const canvas = this.canvasOf(size);
    const image = this.splat.draw(input, style, size.width, size.height, inputs, true);
    if (!image || !this.context) return;
    if (this.straight?.width !== image.width || this.straight.height !== image.height) this.straight = new ImageData(image.width, image.height);
    const { x, y, width, height } = image.changed;
    straightInto(image.pixels, new Uint32Array(this.straight.data.buffer), image.width, image.changed);
    // Only the part that changed is put on the canvas; the rest of it already shows the same.
    this.context.putImageData(this.straight, 0, 0, x, y, width, height);
    canvas.hidden = false;
  }

  /** Hides the overlay (the map draws the points itself); the next `draw` draws afresh. */
  hide(): void {
    if (this.canvas && !this.canvas.hidden) {
      this.canvas.hidden = true;
      this.context?.clearRect(0, 0, this.canvas.width, this.canvas.height);
    }
    this.splat.reset();
  }

  /** Whether the overlay is showing points now. */
  get shown(): boolean {
    return this.canvas !== null && !this.canvas.hidden;
  }

  private canvasOf(size: OverlaySize): HTMLCanvasElement {
    let canvas = this.canvas;
    if (!canvas) {
      canvas = document.createElement('canvas');
      canvas.className = 'point-overlay';
      canvas.setAttribute('aria-hidden', 'true');
      // Clicks, drags and the wheel go to the map under it.
      canvas.style.cssText = 'position:absolute;left:0;top:0;pointer-events:none';
      this.container.append(canvas);
      this.canvas = canvas;
      this.context = canvas.getContext('2d');
    }
    if (canvas.width !== size.width || canvas.height !== size.height) {
      canvas.width = size.width;
      canvas.height = size.height;
      this.splat.reset();
    }
    canvas.style.width = `${size.cssWidth}px`;
    canvas.style.height = `${size.cssHeight}px`;
    return canvas;
  }
}
