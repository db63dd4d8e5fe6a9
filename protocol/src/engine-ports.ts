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
  /**
   * Whether a block sent now would go out at once rather than wait behind others (absent: always).
   * The engine reads a block from storage only for a peer whose link is ready, and the shell calls
   * `SwarmEngine.resumeUploads()` when a link that was not becomes ready again.
   */
  readyForBlock?(): boolean;
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
   * Stores one block of a piece at its place (`offset` bytes into the piece, whose whole length is
   * `pieceLength`). The piece is not verified yet: the engine reads it back with `readInto` and
   * hashes it once all its blocks are stored, and a piece that fails is written again. Takes the
   * bytes before it returns (writes or copies them): the caller frees `data` right after. Rejects
   * (with a readable message) when storage is full.
   */
  writeBlock(piece: number, offset: number, data: Uint8Array, pieceLength: number): Promise<void>;
}

export interface PieceHasher {
  /** Lower-case hex SHA-256. */
  sha256Hex(data: Uint8Array): Promise<string>;
}

export interface Clock {
  now(): number;
}
