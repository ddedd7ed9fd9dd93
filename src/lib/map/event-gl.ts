import type { CustomLayerInterface, CustomRenderMethodInput, Map as MapLibreMap } from 'maplibre-gl';
import { hexRgb } from '../data/colour';
import { mercator, rowInWindow, type FeatureIndex } from '../state/feature-index';
import type { TimeWindow } from '../state/filters';
import { LABEL_MIN_ZOOM } from './event-layers';
import type { OverlaySize, PointOverlay } from './point-overlay';
import type { SplatInput, SpriteStyle } from './point-splat';
import type { PointImage } from './splat-gl';

/** The code that draws dense points, loaded the first time an atlas has more than `DENSE` features (the built-in atlas never needs it). */
interface DenseCode {
  PointImage: typeof PointImage;
  PointOverlay: typeof PointOverlay;
}

/** Ids of the two map layers this module draws: precision circles under everything else, points above the arcs. */
export const PRECISION_LAYER = 'events--precision';
export const POINT_LAYER = 'events--points';

/** Layers beyond this many share the last colour slot (the shader holds one uniform per layer). */
const MAX_LAYERS = 32;
const MINUTE = 60_000;
/** Stand-ins for "no end" in the GPU's time columns; well inside float32 range. */
const FAR = 1e30;

/**
 * Atlases from this size on weigh their circles' fill (see `circle-budget.ts`, loaded then);
 * fewer circles than this cannot fill enough of a frame to hold it.
 */
const BUDGET_FROM = 200;

/** What the filters and selection say, as the GPU needs it. */
export interface GpuState {
  /** null shows every time. */
  window: TimeWindow | null;
  /** 1 per layer row that is shown. */
  layerOn: Uint8Array;
  /** 1 per feature row the actor and search filters let through. */
  match: Uint8Array;
  /** Selected row, or -1. */
  selected: number;
}

/** Whether two states draw the same: the same match rows (by identity: `app.match` keeps its array while the rows stay), window, layers and selection. */
export function sameGpuState(a: GpuState, b: GpuState): boolean {
  if (a.match !== b.match || a.selected !== b.selected || a.layerOn.length !== b.layerOn.length) return false;
  if (a.window !== b.window && (a.window?.start !== b.window?.start || a.window?.end !== b.window?.end)) return false;
  return a.layerOn.every((on, i) => on === b.layerOn[i]);
}

const VERTEX = `#version 300 es
precision highp float;
uniform mat4 u_matrix;
uniform float u_pixelRatio;
uniform float u_worldPx;
uniform float u_worldOffset;
uniform vec2 u_window;
uniform vec4 u_layers[${MAX_LAYERS}];
uniform int u_selected;
uniform float u_circles;
uniform float u_pointScale;
uniform float u_allCircles;
uniform float u_maxRadiusPx;
in vec2 a_pos;
in float a_radius;
in vec2 a_time;
in vec2 a_meta;
in float a_match;
out vec2 v_uv;
out vec3 v_color;
out float v_selected;
out float v_estimate;
out float v_radiusPx;
void main() {
  // Four vertices per feature, in the order of a triangle strip: the corner and the row come from the vertex's number.
  int corner = gl_VertexID & 3;
  vec2 a_corner = vec2((corner & 1) == 1 ? 1.0 : -1.0, (corner & 2) == 2 ? 1.0 : -1.0);
  // Circles are quads of four vertices; points are single vertices (GL points).
  int row = u_circles > 0.5 ? gl_VertexID >> 2 : gl_VertexID;
  vec4 style = u_layers[int(a_meta.x)];
  // The filter itself: a feature outside the window, on a hidden layer or not matching is moved off screen.
  if (a_match < 0.5 || style.a < 0.5 || !(a_time.y > u_window.x && a_time.x < u_window.y)) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    return;
  }
  v_color = style.rgb;
  v_selected = row == u_selected ? 1.0 : 0.0;
  v_estimate = a_meta.y;
  vec2 centre = vec2(a_pos.x + u_worldOffset, a_pos.y);
  if (u_circles > 0.5) {
    // The precision radius is in metres on the ground (mercator units here), so the circle scales with the map.
    v_radiusPx = a_radius * u_worldPx;
    // A circle hidden under its own point adds nothing but pixels to fill: skip it (unless selected); so does one
    // wider than the frame can afford to fill (see circle-budget.ts).
    if (v_selected < 0.5 && (u_allCircles < 0.5 || v_radiusPx < 9.0 * u_pointScale || v_radiusPx >= u_maxRadiusPx)) {
      gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
      return;
    }
    float half_px = v_radiusPx + 4.0;
    v_uv = a_corner * half_px;
    gl_Position = u_matrix * vec4(centre + a_corner * (half_px / u_worldPx), 0.0, 1.0);
  } else {
    float outer = v_selected > 0.5 ? 14.0 : 10.0 * u_pointScale;
    v_radiusPx = outer;
    v_uv = vec2(0.0);
    gl_PointSize = 2.0 * outer * u_pixelRatio;
    gl_Position = u_matrix * vec4(centre, 0.0, 1.0);
  }
}`;

const FRAGMENT = `#version 300 es
precision highp float;
uniform float u_circles;
uniform float u_pointScale;
in vec2 v_uv;
in vec3 v_color;
in float v_selected;
in float v_estimate;
in float v_radiusPx;
out vec4 fragColor;
void main() {
  // A point's position within its square comes from the rasteriser, in CSS pixels from its centre.
  vec2 uv = u_circles > 0.5 ? v_uv : (gl_PointCoord * 2.0 - 1.0) * v_radiusPx;
  float d = length(uv);
  vec4 c = vec4(0.0);
  if (u_circles > 0.5) {
    float r = v_radiusPx;
    if (r < 1.5) discard;
    float width = v_selected > 0.5 ? 2.5 : 1.2;
    float fill = v_selected > 0.5 ? 0.22 : (v_estimate > 0.5 ? 0.06 : 0.1);
    float edge = abs(d - r);
    float line = 1.0 - smoothstep(width * 0.5, width * 0.5 + 1.0, edge);
    // An estimate gets a dashed outline: dashes and gaps of three line widths along the circumference.
    if (v_estimate > 0.5) {
      float along = (atan(uv.y, uv.x) + 3.14159265) * r;
      float period = 6.0 * width;
      if (mod(along, period) > period * 0.5) line = 0.0;
    }
    float inside = 1.0 - smoothstep(r - 0.5, r + 0.5, d);
    float a = max(line * 0.9, inside * fill);
    if (a <= 0.0) discard;
    c = vec4(v_color * a, a);
  } else {
    float r = v_selected > 0.5 ? 10.0 : 7.0 * u_pointScale;
    float stroke = v_selected > 0.5 ? 3.0 : max(1.0, 2.0 * u_pointScale);
    vec3 strokeColor = v_selected > 0.5 ? vec3(0.067) : vec3(1.0);
    float outer = 1.0 - smoothstep(r + stroke - 0.5, r + stroke + 0.5, d);
    if (outer <= 0.0) discard;
    float inner = 1.0 - smoothstep(r - 0.5, r + 0.5, d);
    vec3 rgb = mix(strokeColor, v_color, inner);
    c = vec4(rgb * outer, outer);
  }
  fragColor = c;
}`;

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type)!;
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`event layer shader: ${gl.getShaderInfoLog(shader)}`);
  return shader;
}

/** "#rrggbb" as 0..1 channels; anything else draws grey. */
export function rgb(hex: string): [number, number, number] {
  const c = hexRgb(hex);
  return c ? [c[0] / 255, c[1] / 255, c[2] / 255] : [0.4, 0.4, 0.4];
}

/** Times as float32 minutes after `base`, so minute-precise ends compare exactly on the GPU. */
export function gpuTimes(index: FeatureIndex, base: number): Float32Array {
  const out = new Float32Array(index.n * 2);
  for (let i = 0; i < index.n; i++) {
    const dated = !Number.isNaN(index.start[i]);
    out[2 * i] = dated ? (index.start[i] - base) / MINUTE : -FAR;
    out[2 * i + 1] = dated ? (index.end[i] - base) / MINUTE : FAR;
  }
  return out;
}

/**
 * Each feature's values repeated for its quad's four vertices. Plain vertex buffers, not
 * instancing: SwiftShader (WebGL on the CPU, where there is no GPU) pays about 16 µs per
 * instance, so 100,000 instanced points cost 1.6 s a frame before a pixel is filled. Points
 * are cheaper still as GL points (one vertex, one primitive each), but a precision circle
 * can be wider than the largest point a GPU draws, so circles stay quads.
 */
export function perVertex<T extends Float32Array | Uint8Array>(values: T, size: number): T {
  const out = new (values.constructor as { new (n: number): T })(values.length * 4);
  const n = values.length / size;
  for (let i = 0; i < n; i++) {
    for (let v = 0; v < 4; v++) for (let c = 0; c < size; c++) out[(4 * i + v) * size + c] = values[i * size + c];
  }
  return out;
}

/** Two triangles per quad of four vertices (numbered as a triangle strip): 0 1 2 and 1 3 2. */
export function quadIndices(n: number): Uint32Array {
  const out = new Uint32Array(n * 6);
  for (let i = 0; i < n; i++) {
    const b = 4 * i;
    const k = 6 * i;
    out[k] = b;
    out[k + 1] = out[k + 3] = b + 1;
    out[k + 2] = out[k + 5] = b + 2;
    out[k + 4] = b + 3;
  }
  return out;
}

/** Above this many features, points are drawn smaller until the map is zoomed in, so a dense map stays readable (and cheap to fill). */
export const DENSE = 5000;

/** Above this many features, points seen from afar shrink further, to a 2.5-pixel dot with its outline. */
export const VERY_DENSE = 50_000;

/** The size of a point relative to the full 7-pixel one: smaller for dense data seen from afar. */
export function pointScale(n: number, zoom: number): number {
  if (n <= DENSE) return 1;
  const least = n > VERY_DENSE ? 0.35 : 0.55;
  return Math.min(1, Math.max(least, 0.55 + (zoom - 6) * 0.15));
}

/**
 * True when points are drawn on the CPU as one image (`point-splat.ts`) rather than as GL
 * points: for dense data, where a CPU rasteriser (SwiftShader) would spend most of a frame
 * setting up each point.
 */
export function pointsAsImage(n: number): boolean {
  return n > DENSE;
}

/**
 * True when dense points are drawn on the overlay over the map's canvas (`point-overlay.ts`)
 * rather than in the map's frame: below the zoom where labels appear, the points are the
 * top of the layer list, so nothing the map draws belongs above them.
 */
export function pointsOverMap(n: number, zoom: number): boolean {
  return pointsAsImage(n) && zoom < LABEL_MIN_ZOOM;
}

/** What the last frame of the map drew the points with: enough to draw them again on the overlay between frames. */
interface PointFrame {
  matrix: number[];
  worlds: number[];
  zoom: number;
  pixelRatio: number;
  size: OverlaySize;
  /** The camera and canvas the frame was drawn for; another one needs a frame of the map. */
  camera: string;
}

/** Zoom from which dense data draws every precision circle; below it only the selected feature's. */
export const DENSE_CIRCLES_ZOOM = 9;

/**
 * True when every shown feature's precision circle is drawn. With dense data seen from afar
 * they would overlap into a haze that says nothing, and on a machine without a GPU they
 * would cost seconds a frame; the selected feature's circle is always drawn.
 */
export function allCircles(n: number, zoom: number): boolean {
  return n <= DENSE || zoom >= DENSE_CIRCLES_ZOOM;
}

/** The per-feature values the shader reads, as GPU buffers. */
type Columns = Record<'pos' | 'radius' | 'time' | 'meta' | 'match', WebGLBuffer>;

interface GlResources {
  gl: WebGL2RenderingContext;
  program: WebGLProgram;
  /** Points: one vertex per feature, drawn as GL points. */
  points: { vao: WebGLVertexArrayObject; buffers: Columns };
  /** Precision circles: four vertices per feature, two triangles each (`index`). */
  quads: { vao: WebGLVertexArrayObject; buffers: Columns; index: WebGLBuffer };
  uniforms: Record<string, WebGLUniformLocation | null>;
  /** Dense points, drawn as one image; made on first use (its shader costs a cold start on a CPU). */
  image: PointImage | null;
  /** The index and match rows last uploaded, for the points and (apart: dense data seen from afar draws no circles) for the quads. */
  index: FeatureIndex | null;
  match: Uint8Array | null;
  quadIndex: FeatureIndex | null;
  quadMatch: Uint8Array | null;
}

/**
 * Draws every feature's point and precision circle with one draw call each, in
 * two MapLibre custom layers. The data is uploaded once per atlas; a timeline step, a layer
 * toggle or a selection changes only uniforms, and an actor or search change re-uploads one
 * byte per feature. Nothing is sent to MapLibre's worker and nothing is re-tiled.
 */
export class EventLayers {
  private res: GlResources | null = null;
  private map: MapLibreMap | null = null;
  private index: FeatureIndex | null = null;
  private colors: [number, number, number][] = [];
  private state: GpuState = { window: null, layerOn: new Uint8Array(0), match: new Uint8Array(0), selected: -1 };
  /** Times are sent relative to this instant (the start of the data's extent). */
  private base = 0;
  private overlay: PointOverlay | null = null;
  /** The dense points' code: not asked for yet (null), on its way, there, or failed to load. */
  private dense: DenseCode | 'loading' | 'failed' | null = null;
  /** The last frame that drew the points on the overlay, or null when the map draws them itself. */
  private overFrame: PointFrame | null = null;
  private overlayRequest = 0;
  /** The circles' budget: not asked for yet (null), on its way, or there. */
  private budget: typeof import('./circle-budget') | 'loading' | null = null;
  /** What the last frame left out of the circles in view, as the map says it (see `capCircles`). */
  private circleNote: string | null = null;
  /** Hears when what a frame leaves out of the circles changes: null when it draws them all. */
  onCircleCap: ((note: string | null) => void) | null = null;

  readonly precisionLayer: CustomLayerInterface = {
    id: PRECISION_LAYER,
    type: 'custom',
    onAdd: (map, gl) => this.attach(map, gl as WebGL2RenderingContext),
    render: (gl, options) => this.draw(gl as WebGL2RenderingContext, options, true),
  };

  readonly pointLayer: CustomLayerInterface = {
    id: POINT_LAYER,
    type: 'custom',
    onAdd: (map, gl) => this.attach(map, gl as WebGL2RenderingContext),
    render: (gl, options) => this.draw(gl as WebGL2RenderingContext, options, false),
  };

  /** Takes a new atlas's columns and its layer colours (in layer-row order). */
  setIndex(index: FeatureIndex, colors: readonly string[]): void {
    this.index = index;
    this.base = index.extent?.start ?? 0;
    this.colors = colors.map(rgb);
    if (pointsAsImage(index.n)) this.loadDense();
    if (index.n >= BUDGET_FROM && !this.budget) {
      this.budget = 'loading';
      void import('./circle-budget').then((m) => {
        this.budget = m;
        this.map?.triggerRepaint();
      });
    }
    this.map?.triggerRepaint();
  }

  /**
   * Loads the dense points' code once. Until it has come (a few milliseconds from the app's
   * own server) the points are not drawn: as GL points, 100,000 of them would hold a frame
   * for a tenth of a second or more without a GPU. If it cannot be loaded, they are drawn as GL points.
   */
  private loadDense(): void {
    if (this.dense) return;
    this.dense = 'loading';
    void Promise.all([import('./splat-gl'), import('./point-overlay')]).then(
      ([gl, overlay]) => {
        this.dense = { PointImage: gl.PointImage, PointOverlay: overlay.PointOverlay };
        this.map?.triggerRepaint();
      },
      () => {
        // Drawn as GL points from now on: slower without a GPU, but every point is drawn.
        this.dense = 'failed';
        this.map?.triggerRepaint();
      },
    );
  }

  /**
   * Takes the filters and selection; the next frame draws with them. While the points are
   * on the overlay and nothing is selected (the selected feature's circle is the map's to
   * draw), only the overlay is drawn again, in the next animation frame, not the map.
   */
  setState(state: GpuState): void {
    const before = this.state;
    // Filters that changed nothing drawn (a keystroke letting through the same rows): the same image, no frame.
    if (sameGpuState(before, state)) return;
    this.state = state;
    if (this.overFrame && before.selected < 0 && state.selected < 0) this.requestOverlay();
    else this.map?.triggerRepaint();
  }

  /** Whether dense points are on the overlay now, for tests and tools. */
  get overlayShown(): boolean {
    return this.overlay?.shown ?? false;
  }

  /** Ids of the features drawn right now (in view or not), for tests and tools. */
  drawnIds(inView = false): string[] {
    const index = this.index;
    if (!index) return [];
    if (inView) return this.drawnInView().map((i) => index.ids[i]);
    const out: string[] = [];
    for (let i = 0; i < index.n; i++) if (this.passes(i)) out.push(index.ids[i]);
    return out;
  }

  /** Id of the feature drawn as selected, or null. */
  selectedId(): string | null {
    return this.state.selected >= 0 && this.index ? (this.index.ids[this.state.selected] ?? null) : null;
  }

  /** The rows drawn right now inside the map's view: the same test the shader makes, for tests and labels. */
  drawnInView(limit = Infinity): number[] {
    const index = this.index;
    const map = this.map;
    if (!index || !map) return [];
    const b = map.getBounds();
    const out: number[] = [];
    for (let i = 0; i < index.n && out.length < limit; i++) {
      if (!this.passes(i)) continue;
      const lon = index.x[i] * 360 - 180;
      const lat = (360 / Math.PI) * Math.atan(Math.exp((0.5 - index.y[i]) * 2 * Math.PI)) - 90;
      if (b.contains([lon, lat])) out.push(i);
    }
    return out;
  }

  /** Rows whose point lies within `tolerance` CSS pixels of a point on the map, nearest first. */
  pick(at: { x: number; y: number }, tolerance: number): number[] {
    const index = this.index;
    const map = this.map;
    if (!index || !map) return [];
    const a = map.unproject([at.x - tolerance, at.y - tolerance]);
    const c = map.unproject([at.x + tolerance, at.y + tolerance]);
    const centre = map.unproject([at.x, at.y]);
    const toX = (lon: number) => (lon + 180) / 360;
    const toY = (lat: number) => {
      const s = Math.sin((lat * Math.PI) / 180);
      return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
    };
    const x0 = Math.min(toX(a.lng), toX(c.lng));
    const x1 = Math.max(toX(a.lng), toX(c.lng));
    const y0 = Math.min(toY(a.lat), toY(c.lat));
    const y1 = Math.max(toY(a.lat), toY(c.lat));
    const cx = toX(centre.lng);
    const cy = toY(centre.lat);
    const hits: [number, number][] = [];
    for (let i = 0; i < index.n; i++) {
      // Bring the point to the world copy nearest the click.
      const x = index.x[i] + Math.round(cx - index.x[i]);
      const y = index.y[i];
      if (x < x0 || x > x1 || y < y0 || y > y1 || !this.passes(i)) continue;
      hits.push([i, (x - cx) ** 2 + (y - cy) ** 2]);
    }
    return hits.sort((p, q) => p[1] - q[1]).map((h) => h[0]);
  }

  /** The shader's filter, on the CPU. */
  private passes(i: number): boolean {
    const index = this.index!;
    const s = this.state;
    return s.match[i] === 1 && s.layerOn[index.layer[i]] === 1 && rowInWindow(index, i, s.window);
  }

  private attach(map: MapLibreMap, gl: WebGL2RenderingContext): void {
    this.map = map;
    if (this.res?.gl === gl) return;
    const program = gl.createProgram()!;
    gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`event layer program: ${gl.getProgramInfoLog(program)}`);
    const columns = (): Columns => ({ pos: gl.createBuffer()!, radius: gl.createBuffer()!, time: gl.createBuffer()!, meta: gl.createBuffer()!, match: gl.createBuffer()! });
    const vaoOf = (buffers: Columns, index?: WebGLBuffer) => {
      const vao = gl.createVertexArray()!;
      gl.bindVertexArray(vao);
      const attribute = (name: string, buffer: WebGLBuffer, size: number, type: number) => {
        const loc = gl.getAttribLocation(program, name);
        gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
        gl.enableVertexAttribArray(loc);
        gl.vertexAttribPointer(loc, size, type, false, 0, 0);
      };
      attribute('a_pos', buffers.pos, 2, gl.FLOAT);
      attribute('a_radius', buffers.radius, 1, gl.FLOAT);
      attribute('a_time', buffers.time, 2, gl.FLOAT);
      attribute('a_meta', buffers.meta, 2, gl.UNSIGNED_BYTE);
      attribute('a_match', buffers.match, 1, gl.UNSIGNED_BYTE);
      if (index) gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, index);
      gl.bindVertexArray(null);
      return vao;
    };
    const pointBuffers = columns();
    const quadBuffers = columns();
    const index = gl.createBuffer()!;
    const points = { vao: vaoOf(pointBuffers), buffers: pointBuffers };
    const quads = { vao: vaoOf(quadBuffers, index), buffers: quadBuffers, index };
    const uniforms: GlResources['uniforms'] = {};
    for (const name of ['u_matrix', 'u_pixelRatio', 'u_worldPx', 'u_worldOffset', 'u_window', 'u_layers', 'u_selected', 'u_circles', 'u_pointScale', 'u_allCircles', 'u_maxRadiusPx']) {
      uniforms[name] = gl.getUniformLocation(program, name);
    }
    this.res = { gl, program, points, quads, uniforms, image: null, index: null, match: null, quadIndex: null, quadMatch: null };
  }

  /**
   * Sends the columns to the GPU when the atlas has changed, and the match rows when they
   * have: the points' or the circles' (four vertices per feature), each only when drawn.
   */
  private upload(res: GlResources, circles: boolean): void {
    const { gl, points, quads } = res;
    const index = this.index!;
    const put = (buffer: WebGLBuffer, data: ArrayBufferView, usage: number = gl.STATIC_DRAW) => {
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
      gl.bufferData(gl.ARRAY_BUFFER, data, usage);
    };
    const match = this.state.match.length === index.n ? this.state.match : new Uint8Array(index.n);
    if (!circles) {
      if (res.index !== index) {
        const { pos, time, meta } = this.columns(index);
        put(points.buffers.pos, pos);
        put(points.buffers.radius, index.radius);
        put(points.buffers.time, time);
        put(points.buffers.meta, meta);
        res.index = index;
        res.match = null;
      }
      if (res.match !== match) put(points.buffers.match, match, gl.DYNAMIC_DRAW);
      res.match = match;
      return;
    }
    if (res.quadIndex !== index) {
      const { pos, time, meta } = this.columns(index);
      put(quads.buffers.pos, perVertex(pos, 2));
      put(quads.buffers.radius, perVertex(index.radius, 1));
      put(quads.buffers.time, perVertex(time, 2));
      put(quads.buffers.meta, perVertex(meta, 2));
      gl.bindVertexArray(quads.vao);
      gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, quadIndices(index.n), gl.STATIC_DRAW);
      gl.bindVertexArray(null);
      res.quadIndex = index;
      res.quadMatch = null;
    }
    if (res.quadMatch !== match) put(quads.buffers.match, perVertex(match, 1), gl.DYNAMIC_DRAW);
    res.quadMatch = match;
  }

  /** The per-feature values the shader reads, packed as its attributes want them. */
  private columns(index: FeatureIndex): { pos: Float32Array; time: Float32Array; meta: Uint8Array } {
    const meta = new Uint8Array(index.n * 2);
    const pos = new Float32Array(index.n * 2);
    for (let i = 0; i < index.n; i++) {
      meta[2 * i] = Math.min(index.layer[i], MAX_LAYERS - 1);
      meta[2 * i + 1] = index.estimate[i];
      pos[2 * i] = index.x[i];
      pos[2 * i + 1] = index.y[i];
    }
    return { pos, time: gpuTimes(index, this.base), meta };
  }

  private draw(gl: WebGL2RenderingContext, options: CustomRenderMethodInput, circles: boolean): void {
    const res = this.res;
    const map = this.map;
    if (!res || !map || !this.index || this.index.n === 0) {
      if (!circles) this.hideOverlay();
      return;
    }
    const u = res.uniforms;
    const zoom = map.getZoom();
    const dense = typeof this.dense === 'object' ? this.dense : null;
    if (!circles && this.dense !== 'failed' && !dense && pointsAsImage(this.index.n)) return;
    if (!circles && dense && pointsOverMap(this.index.n, zoom)) {
      this.overlay ??= new dense.PointOverlay(map.getCanvasContainer());
      this.overFrame = this.pointFrame(gl, map, options, zoom);
      this.drawOverlay(this.overFrame);
      return;
    }
    if (!circles) this.hideOverlay();
    const every = allCircles(this.index.n, zoom);
    const selected = this.state.selected;
    // Dense data seen from afar draws the selected feature's circle alone, or none.
    if (circles && !every && selected < 0) return;
    this.upload(res, circles);
    gl.useProgram(res.program);
    gl.bindVertexArray(circles ? res.quads.vao : res.points.vao);
    gl.uniformMatrix4fv(u.u_matrix, false, options.defaultProjectionData.mainMatrix as Float32Array);
    const pixelRatio = gl.drawingBufferWidth / map.getCanvas().clientWidth || 1;
    gl.uniform1f(u.u_pixelRatio, pixelRatio);
    gl.uniform1f(u.u_worldPx, 512 * 2 ** zoom);
    const w = this.state.window;
    gl.uniform2f(u.u_window, w ? (w.start - this.base) / MINUTE : -FAR, w ? (w.end - this.base) / MINUTE : FAR);
    const layers = new Float32Array(MAX_LAYERS * 4);
    this.colors.slice(0, MAX_LAYERS).forEach((c, i) => layers.set([...c, this.state.layerOn[i] ?? 1], i * 4));
    gl.uniform4fv(u.u_layers, layers);
    gl.uniform1i(u.u_selected, this.state.selected);
    gl.uniform1f(u.u_circles, circles ? 1 : 0);
    gl.uniform1f(u.u_pointScale, pointScale(this.index.n, zoom));
    gl.uniform1f(u.u_allCircles, every ? 1 : 0);
    gl.uniform1f(u.u_maxRadiusPx, circles && every ? this.capCircles(map, zoom) : Infinity);
    gl.disable(gl.DEPTH_TEST);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    // One draw per world copy in view, so points repeat as the basemap does when zoomed out.
    const worlds = worldsInView(map);
    const image = !circles && dense !== null && pointsAsImage(this.index.n);
    if (image) {
      // Everything but the selected point as one image; the selected one after it, on top, as a GL point.
      this.drawImage(res, dense, options, worlds, pixelRatio, zoom);
      if (selected < 0) return;
      gl.useProgram(res.program);
      gl.bindVertexArray(res.points.vao);
    }
    for (const k of worlds) {
      gl.uniform1f(u.u_worldOffset, k);
      if (image) gl.drawArrays(gl.POINTS, selected, 1);
      else if (!circles) gl.drawArrays(gl.POINTS, 0, this.index.n);
      else if (every) gl.drawElements(gl.TRIANGLES, this.index.n * 6, gl.UNSIGNED_INT, 0);
      // Six indices of four bytes per feature.
      else gl.drawElements(gl.TRIANGLES, 6, gl.UNSIGNED_INT, selected * 24);
    }
    gl.bindVertexArray(null);
  }

  /**
   * The widest circle this frame draws (see `circleCap`), and tells `onCircleCap` when what
   * it leaves out changes: the map says so, since a left-out circle hides how vague a position is.
   */
  private capCircles(map: MapLibreMap, zoom: number): number {
    const index = this.index!;
    const budget = typeof this.budget === 'object' ? this.budget : null;
    // Rows not matched yet draw nothing (see `upload`).
    if (!budget || this.state.match.length !== index.n) return this.noteCircles(null), Infinity;
    const cap = budget.frameCap(index, this.state, map, 9 * pointScale(index.n, zoom), mercator);
    this.noteCircles(cap.note);
    return cap.radiusPx;
  }

  private noteCircles(note: string | null): void {
    if (note === this.circleNote) return;
    this.circleNote = note;
    this.onCircleCap?.(note);
  }

  /** Draws every shown point but the selected one as one image, the same sizes and colours as the shader's. */
  private drawImage(res: GlResources, dense: DenseCode, options: CustomRenderMethodInput, worlds: number[], pixelRatio: number, zoom: number): void {
    res.image ??= new dense.PointImage(res.gl);
    res.image.draw(this.splatInput(options.defaultProjectionData.mainMatrix, worlds), this.spriteStyle(zoom, pixelRatio), this.splatDependsOn(worlds));
  }

  /** What the image of dense points is drawn from: the index, the filters, the selected row (skipped) and the camera. */
  private splatInput(matrix: ArrayLike<number>, worlds: number[]): Omit<SplatInput, 'sprites' | 'skipSprite'> {
    const index = this.index!;
    const s = this.state;
    return { index, match: s.match.length === index.n ? s.match : new Uint8Array(index.n), layerOn: s.layerOn, window: s.window, skip: s.selected, matrix, worlds };
  }

  /** Everything but the matrix that the image depends on: while none of it changes, the last image is still right. */
  private splatDependsOn(worlds: number[]): unknown[] {
    return [this.index, this.state, worlds.join(',')];
  }

  /** The points' sprites: the shader's sizes and the layers' colours. */
  private spriteStyle(zoom: number, pixelRatio: number): SpriteStyle {
    const scale = pointScale(this.index!.n, zoom);
    const colors = this.index!.layerIds.map((_, i) => this.colors[Math.min(i, MAX_LAYERS - 1)] ?? ([0.4, 0.4, 0.4] as [number, number, number]));
    return { colors, radius: 7 * scale, stroke: Math.max(1, 2 * scale), pixelRatio };
  }

  private pointFrame(gl: WebGL2RenderingContext, map: MapLibreMap, options: CustomRenderMethodInput, zoom: number): PointFrame {
    const canvas = map.getCanvas();
    const size = { width: gl.drawingBufferWidth, height: gl.drawingBufferHeight, cssWidth: canvas.clientWidth, cssHeight: canvas.clientHeight };
    return {
      matrix: Array.from(options.defaultProjectionData.mainMatrix),
      worlds: worldsInView(map),
      zoom,
      pixelRatio: size.width / size.cssWidth || 1,
      size,
      camera: cameraOf(map),
    };
  }

  /** Draws the shown points, the selected one last, on the overlay with `frame`'s camera. */
  private drawOverlay(frame: PointFrame): void {
    if (!this.index || !this.overlay) return;
    this.overlay.draw(this.splatInput(frame.matrix, frame.worlds), this.spriteStyle(frame.zoom, frame.pixelRatio), frame.size, this.splatDependsOn(frame.worlds));
  }

  /**
   * Draws the overlay again in the next animation frame, with the last frame's camera, unless
   * the camera has moved since (then the map draws a frame, and the points with it).
   */
  private requestOverlay(): void {
    if (this.overlayRequest) return;
    this.overlayRequest = requestAnimationFrame(() => {
      this.overlayRequest = 0;
      const map = this.map;
      const frame = this.overFrame;
      if (!map || !frame) return;
      if (map.isMoving() || cameraOf(map) !== frame.camera) map.triggerRepaint();
      else this.drawOverlay(frame);
    });
  }

  private hideOverlay(): void {
    this.overFrame = null;
    this.overlay?.hide();
  }
}

/** The world copies in the map's view (0 is the main one; -1 and 1 either side), so points repeat as the basemap does when zoomed out. */
function worldsInView(map: MapLibreMap): number[] {
  const b = map.getBounds();
  const worlds: number[] = [];
  for (let k = Math.floor((b.getWest() + 180) / 360); k <= Math.floor((b.getEast() + 180) / 360); k++) worlds.push(k);
  return worlds;
}

/** The camera and canvas size as one string, to tell whether a frame drawn for them still holds. */
function cameraOf(map: MapLibreMap): string {
  const c = map.getCenter();
  const canvas = map.getCanvas();
  return [c.lng, c.lat, map.getZoom(), map.getBearing(), map.getPitch(), canvas.width, canvas.height].join('|');
}
