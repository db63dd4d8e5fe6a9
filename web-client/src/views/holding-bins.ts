/**
 * A peer's stock squeezed into a small strip: the pieces are cut into `bins` runs of consecutive
 * pieces, and each bin is the share (0 … 1) of its pieces the peer holds. Bits are read as in a
 * BitTorrent bitfield (most significant bit first), from row `row` of a packed block of rows.
 */

export interface PackedRows {
  peerBits: Uint8Array;
  bitfieldBytes: number;
  pieceCount: number;
}

export function holdingBins(rows: PackedRows, row: number, bins: number): Float32Array {
  const n = rows.pieceCount;
  const count = Math.max(0, Math.min(bins, n));
  const out = new Float32Array(count);
  const base = row * rows.bitfieldBytes;
  for (let b = 0; b < count; b++) {
    const from = Math.floor((b * n) / count);
    const to = Math.floor(((b + 1) * n) / count);
    let held = 0;
    for (let p = from; p < to; p++) {
      if ((rows.peerBits[base + (p >> 3)]! & (0x80 >> (p & 7))) !== 0) held++;
    }
    out[b] = to > from ? held / (to - from) : 0;
  }
  return out;
}

/** How many pieces row `row` holds. */
export function heldCount(rows: PackedRows, row: number): number {
  let held = 0;
  const base = row * rows.bitfieldBytes;
  for (let p = 0; p < rows.pieceCount; p++) {
    if ((rows.peerBits[base + (p >> 3)]! & (0x80 >> (p & 7))) !== 0) held++;
  }
  return held;
}

/** `#rrggbb` between `from` (share 0) and `to` (share 1). */
export function mixColor(from: string, to: string, share: number): string {
  const s = Math.max(0, Math.min(1, share));
  const channel = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  let out = '#';
  for (let i = 0; i < 3; i++) {
    const v = Math.round(channel(from, i) + (channel(to, i) - channel(from, i)) * s);
    out += v.toString(16).padStart(2, '0');
  }
  return out;
}

/** Whether two bin lists are equal (then the strip needs no redraw). */
export function sameBins(a: Float32Array | null, b: Float32Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
