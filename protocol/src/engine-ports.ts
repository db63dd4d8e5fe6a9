/**
 * The engine's edges. The engine never touches a socket, a file or a clock directly: the shell (a Web
 * Worker in the browser, a test or a Node simulator elsewhere) supplies these.
 */

/** One open channel to one remote peer. */
export interface PeerLink {
  /** Sends a JSON control message (already encoded). */
  sendText(text: string): void;
  /**
   * Sends a binary block frame; the buffer is handed over (the caller must not touch it again). It
   * may come from the engine's FramePool: the link gives it back there once its bytes are copied
   * out, or just drops it.
   */
  sendBinary(frame: ArrayBuffer): void;
  /** Closes the channel; `reason` is for logs and the other side's UI. */
  close(reason: string): void;
}

/** Where verified pieces live, and where the sharer's pieces are read from. */
export interface PieceStore {
  /**
   * Fills `into` with the bytes at `offset` inside a piece this peer holds (`into.byteLength` of
   * them). Into a buffer the caller owns, so a block is read straight into its outgoing frame.
   */
  readInto(piece: number, offset: number, into: Uint8Array): Promise<void>;
  /**
   * Stores a whole verified piece. Rejects (with a readable message) when storage is full. Keeps a
   * copy if it keeps anything: once the promise settles the engine reuses `data` for the next piece.
   */
  write(piece: number, data: Uint8Array): Promise<void>;
}

export interface PieceHasher {
  /** Lower-case hex SHA-256. */
  sha256Hex(data: Uint8Array): Promise<string>;
}

export interface Clock {
  now(): number;
}
