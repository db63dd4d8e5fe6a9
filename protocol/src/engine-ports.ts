/**
 * The engine's edges. The engine never touches a socket, a file or a clock directly: the shell (a Web
 * Worker in the browser, a test or a Node simulator elsewhere) supplies these.
 */

/** One open channel to one remote peer. */
export interface PeerLink {
  /** Sends a JSON control message (already encoded). */
  sendText(text: string): void;
  /** Sends a binary block frame; the buffer is handed over (the caller must not touch it again). */
  sendBinary(frame: ArrayBuffer): void;
  /** Closes the channel; `reason` is for logs and the other side's UI. */
  close(reason: string): void;
}

/** Where verified pieces live, and where the sharer's pieces are read from. */
export interface PieceStore {
  /** Reads `length` bytes at `offset` inside a piece this peer holds. */
  read(piece: number, offset: number, length: number): Promise<Uint8Array>;
  /** Stores a whole verified piece. Rejects (with a readable message) when storage is full. */
  write(piece: number, data: Uint8Array): Promise<void>;
}

export interface PieceHasher {
  /** Lower-case hex SHA-256. */
  sha256Hex(data: Uint8Array): Promise<string>;
}

export interface Clock {
  now(): number;
}
