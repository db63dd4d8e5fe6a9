import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

/**
 * A set of piece indexes as bits, most significant bit of byte 0 = piece 0 (as in BEP 3).
 * Spare bits past `length` are always zero; `fromHex` refuses input that sets them.
 */
export class Bitfield {
  readonly length: number;
  private readonly bytes: Uint8Array;
  private setCount = 0;

  constructor(length: number, bytes?: Uint8Array) {
    this.length = length;
    this.bytes = new Uint8Array(Math.ceil(length / 8));
    if (bytes) {
      this.bytes.set(bytes.subarray(0, this.bytes.length));
      const spare = this.bytes.length * 8 - length;
      if (spare > 0) this.bytes[this.bytes.length - 1]! &= 0xff << spare;
      for (let i = 0; i < length; i++) if (this.has(i)) this.setCount++;
    }
  }

  static full(length: number): Bitfield {
    const b = new Bitfield(length);
    for (let i = 0; i < length; i++) b.set(i);
    return b;
  }

  /** Parses the wire form; returns null when the text is not hex of exactly the right size or sets spare bits. */
  static fromHex(hex: string, length: number): Bitfield | null {
    const byteLength = Math.ceil(length / 8);
    if (hex.length !== byteLength * 2 || !/^[0-9a-f]*$/.test(hex)) return null;
    const bytes = hexToBytes(hex);
    const spare = byteLength * 8 - length;
    if (spare > 0 && (bytes[byteLength - 1]! & ((1 << spare) - 1)) !== 0) return null;
    return new Bitfield(length, bytes);
  }

  toHex(): string {
    return bytesToHex(this.bytes);
  }

  has(index: number): boolean {
    if (index < 0 || index >= this.length) return false;
    return (this.bytes[index >> 3]! & (0x80 >> (index & 7))) !== 0;
  }

  set(index: number): void {
    if (index < 0 || index >= this.length || this.has(index)) return;
    this.bytes[index >> 3]! |= 0x80 >> (index & 7);
    this.setCount++;
  }

  get count(): number {
    return this.setCount;
  }

  get isComplete(): boolean {
    return this.setCount === this.length;
  }

  /** Bytes of the packed form: ceil(length / 8). */
  get byteLength(): number {
    return this.bytes.length;
  }

  /** Copies the packed bits (BEP 3 order) into `out` at byte `at`: one row of a packed table. */
  copyInto(out: Uint8Array, at: number): void {
    out.set(this.bytes, at);
  }

  /** Indexes of set bits, ascending. */
  *indexes(): IterableIterator<number> {
    for (let i = 0; i < this.length; i++) if (this.has(i)) yield i;
  }

  clone(): Bitfield {
    return new Bitfield(this.length, this.bytes);
  }

  /** A have-map string, one character per piece: '*' held, '.' missing (handy in tests and logs). */
  toString(): string {
    let s = '';
    for (let i = 0; i < this.length; i++) s += this.has(i) ? '*' : '.';
    return s;
  }

  static parse(picture: string): Bitfield {
    const b = new Bitfield(picture.length);
    for (let i = 0; i < picture.length; i++) if (picture[i] !== '.' && picture[i] !== ' ') b.set(i);
    return b;
  }
}
