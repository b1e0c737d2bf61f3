/**
 * A small PNG reader for tests of the uptime card: the signature, the IHDR chunk, and for 8-bit
 * RGB(A) images the pixels (IDAT inflated, rows unfiltered). Enough to check what was drawn
 * without an image library.
 */
import { inflateSync } from "node:zlib";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  /** 2: RGB, 6: RGBA (others are not decoded). */
  colorType: number;
}

/** The IHDR fields; throws when the bytes are not a PNG. */
export function pngHeader(bytes: Uint8Array): PngHeader {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error("not a PNG: bad signature");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(...bytes.subarray(12, 16));
  if (type !== "IHDR" || view.getUint32(8) !== 13) throw new Error(`not a PNG: first chunk is ${type}, not IHDR`);
  return { width: view.getUint32(16), height: view.getUint32(20), bitDepth: bytes[24], colorType: bytes[25] };
}

export interface DecodedPng extends PngHeader {
  /** "#rrggbb" of the pixel (alpha ignored). */
  hexAt(x: number, y: number): string;
  alphaAt(x: number, y: number): number;
}

/** The whole image; 8-bit RGB or RGBA, non-interlaced, as next/og writes it. */
export function decodePng(bytes: Uint8Array): DecodedPng {
  const header = pngHeader(bytes);
  const { width, height, bitDepth, colorType } = header;
  if (bitDepth !== 8 || (colorType !== 2 && colorType !== 6) || bytes[28] !== 0) throw new Error(`unsupported PNG: depth ${bitDepth}, colour type ${colorType}, interlace ${bytes[28]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idat: Uint8Array[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === "IDAT") idat.push(bytes.subarray(at + 8, at + 8 + length));
    if (type === "IEND") break;
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const channels = colorType === 6 ? 4 : 3;
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? pixels[y * stride + i - channels] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const upLeft = y > 0 && i >= channels ? pixels[(y - 1) * stride + i - channels] : 0;
      let predicted = 0;
      if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) predicted = paeth(left, up, upLeft);
      pixels[y * stride + i] = (line[i] + predicted) & 0xff;
    }
  }
  const offset = (x: number, y: number) => y * stride + x * channels;
  return {
    ...header,
    hexAt: (x, y) => `#${[...pixels.subarray(offset(x, y), offset(x, y) + 3)].map((c) => c.toString(16).padStart(2, "0")).join("")}`,
    alphaAt: (x, y) => (channels === 4 ? pixels[offset(x, y) + 3] : 255),
  };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
