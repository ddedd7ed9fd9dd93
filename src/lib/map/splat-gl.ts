import { pointSprite, splatPoints, type Image, type SplatInput, type Sprite } from './point-splat';

const VERTEX = `#version 300 es
void main() {
  // A square over the whole view, as a triangle strip of four vertices numbered 0..3.
  vec2 corner = vec2((gl_VertexID & 1) == 1 ? 1.0 : -1.0, (gl_VertexID & 2) == 2 ? 1.0 : -1.0);
  gl_Position = vec4(corner, 0.0, 1.0);
}`;

const FRAGMENT = `#version 300 es
precision highp float;
uniform highp sampler2D u_image;
uniform int u_height;
out vec4 fragColor;
void main() {
  // The image's row 0 is the top of the view; the framebuffer's is the bottom.
  ivec2 p = ivec2(gl_FragCoord.xy);
  fragColor = texelFetch(u_image, ivec2(p.x, u_height - 1 - p.y), 0);
}`;

function program(gl: WebGL2RenderingContext): WebGLProgram {
  const p = gl.createProgram()!;
  for (const [type, source] of [[gl.VERTEX_SHADER, VERTEX], [gl.FRAGMENT_SHADER, FRAGMENT]] as const) {
    const shader = gl.createShader(type)!;
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`point image shader: ${gl.getShaderInfoLog(shader)}`);
    gl.attachShader(p, shader);
  }
  gl.linkProgram(p);
  if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error(`point image program: ${gl.getProgramInfoLog(p)}`);
  return p;
}

/** What a point sprite is drawn from: a colour per layer row and the point's size. */
export interface SpriteStyle {
  colors: readonly (readonly [number, number, number])[];
  /** In CSS pixels. */
  radius: number;
  stroke: number;
  pixelRatio: number;
}

/**
 * Draws dense points as one image (see `point-splat.ts`): drawn again only when what it
 * shows has changed (camera, filters, data, size), otherwise the last one is drawn as it is,
 * so a frame for anything else (a hover, another layer) costs one textured square.
 */
export class PointImage {
  private readonly program: WebGLProgram;
  private readonly vao: WebGLVertexArrayObject;
  private readonly texture: WebGLTexture;
  private readonly uImage: WebGLUniformLocation | null;
  private readonly uHeight: WebGLUniformLocation | null;
  private image: Image | null = null;
  private textureSize = '';
  private sprites: Sprite[] = [];
  private spriteKey = '';
  /** What the current image shows. */
  private drawnFrom: unknown[] = [];

  constructor(private readonly gl: WebGL2RenderingContext) {
    this.program = program(gl);
    this.vao = gl.createVertexArray()!;
    this.texture = gl.createTexture()!;
    this.uImage = gl.getUniformLocation(this.program, 'u_image');
    this.uHeight = gl.getUniformLocation(this.program, 'u_height');
  }

  /**
   * Draws the points `input` selects (its sprites are made here from `style`). `inputs`
   * lists everything the image depends on besides the matrix; when none has changed, the
   * last image is drawn again without redrawing it.
   */
  draw(input: Omit<SplatInput, 'sprites'>, style: SpriteStyle, inputs: readonly unknown[]): void {
    const gl = this.gl;
    const width = gl.drawingBufferWidth;
    const height = gl.drawingBufferHeight;
    const key = `${style.radius}|${style.stroke}|${style.pixelRatio}|${style.colors.join(';')}`;
    if (key !== this.spriteKey) {
      this.sprites = style.colors.map((c) => pointSprite(c, style.radius, style.stroke, style.pixelRatio));
      this.spriteKey = key;
    }
    const from = [width, height, key, ...inputs, ...Array.from(input.matrix)];
    const same = from.length === this.drawnFrom.length && from.every((v, i) => v === this.drawnFrom[i]);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.texture);
    if (!same) {
      if (this.image?.width !== width || this.image.height !== height) this.image = { width, height, pixels: new Uint32Array(width * height) };
      splatPoints(this.image, { ...input, sprites: this.sprites });
      this.upload(this.image);
      this.drawnFrom = from;
    }
    gl.useProgram(this.program);
    gl.uniform1i(this.uImage, 0);
    gl.uniform1i(this.uHeight, height);
    gl.bindVertexArray(this.vao);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    gl.bindVertexArray(null);
  }

  private upload(image: Image): void {
    const gl = this.gl;
    const bytes = new Uint8Array(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
    const size = `${image.width}x${image.height}`;
    if (size !== this.textureSize) {
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, image.width, image.height, 0, gl.RGBA, gl.UNSIGNED_BYTE, bytes);
      this.textureSize = size;
    } else {
      gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, image.width, image.height, gl.RGBA, gl.UNSIGNED_BYTE, bytes);
    }
  }
}
