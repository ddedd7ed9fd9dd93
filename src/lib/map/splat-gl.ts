import type { SplatInput, SpriteStyle } from './point-splat';
import { PointSplat, type DrawnImage } from './splat-kept';

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

/**
 * Draws dense points as one image (see `point-splat.ts`) in the map's WebGL frame: drawn
 * again only when what it shows has changed (camera, filters, data, size), otherwise the
 * last one is drawn as it is, so a frame for anything else (a hover, another layer) costs
 * one textured square.
 */
export class PointImage {
  private readonly program: WebGLProgram;
  private readonly vao: WebGLVertexArrayObject;
  private readonly texture: WebGLTexture;
  private readonly uImage: WebGLUniformLocation | null;
  private readonly uHeight: WebGLUniformLocation | null;
  private readonly splat = new PointSplat();
  private textureSize = '';

  constructor(private readonly gl: WebGL2RenderingContext) {
    this.program = program(gl);
    this.vao = gl.createVertexArray()!;
    this.texture = gl.createTexture()!;
    this.uImage = gl.getUniformLocation(this.program, 'u_image');
    this.uHeight = gl.getUniformLocation(this.program, 'u_height');
  }

  /**
   * Draws the points `input` selects. `inputs` lists everything the image depends on
   * besides the matrix; when none has changed, the last image is drawn again as it is.
   */
  draw(input: Omit<SplatInput, 'sprites' | 'skipSprite'>, style: SpriteStyle, inputs: readonly unknown[]): void {
    const gl = this.gl;
    const height = gl.drawingBufferHeight;
    const image = this.splat.draw(input, style, gl.drawingBufferWidth, height, inputs);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.texture);
    if (image) this.upload(image);
    gl.useProgram(this.program);
    gl.uniform1i(this.uImage, 0);
    gl.uniform1i(this.uHeight, height);
    gl.bindVertexArray(this.vao);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    gl.bindVertexArray(null);
  }

  private upload(image: DrawnImage): void {
    const gl = this.gl;
    const bytes = new Uint8Array(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
    const size = `${image.width}x${image.height}`;
    if (size !== this.textureSize) {
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, image.width, image.height, 0, gl.RGBA, gl.UNSIGNED_BYTE, bytes);
      this.textureSize = size;
      return;
    }
    // Only the part that changed, read out of the whole image's rows; the context is the map's, so its unpacking is put back.
    const { x, y, width, height } = image.changed;
    gl.pixelStorei(gl.UNPACK_ROW_LENGTH, image.width);
    gl.pixelStorei(gl.UNPACK_SKIP_PIXELS, x);
    gl.pixelStorei(gl.UNPACK_SKIP_ROWS, y);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, x, y, width, height, gl.RGBA, gl.UNSIGNED_BYTE, bytes);
    gl.pixelStorei(gl.UNPACK_ROW_LENGTH, 0);
    gl.pixelStorei(gl.UNPACK_SKIP_PIXELS, 0);
    gl.pixelStorei(gl.UNPACK_SKIP_ROWS, 0);
  }
}
