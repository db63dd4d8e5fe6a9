/**
 * Hard limits shared by every party. A message past these is refused before it is parsed,
 * so a hostile peer cannot make anyone allocate or walk an unbounded structure.
 */

/** Largest JSON text a tracker accepts or sends (a share carries the manifest: ~67 bytes per piece). */
export const MAX_TRACKER_MESSAGE_BYTES = 1024 * 1024;
/** Largest JSON control message between peers (a bitfield of MAX_PIECES is 2 hex chars per 8 pieces). */
export const MAX_WIRE_MESSAGE_BYTES = 64 * 1024;
/** Largest signalling payload (an SDP offer is a few KiB). */
export const MAX_SIGNAL_BYTES = 16 * 1024;
/** Most pieces a manifest may list: 32 GiB at the largest piece size. */
export const MAX_PIECES = 8192;
/** Longest file name kept in a manifest, in UTF-16 code units. */
export const MAX_FILE_NAME_LENGTH = 255;
/** Largest file MiniBit describes: MAX_PIECES pieces of MAX_PIECE_SIZE. */
export const MIN_PIECE_SIZE = 16 * 1024;
export const MAX_PIECE_SIZE = 4 * 1024 * 1024;
export const MAX_FILE_SIZE = MAX_PIECES * MAX_PIECE_SIZE;
/** Peer and swarm ids. */
export const MAX_PEER_ID_LENGTH = 32;
/** Most files in one 'catalog' message; most peers listed in one 'joined' message. */
export const MAX_CATALOG_FILES = 10_000;
export const MAX_JOINED_PEERS = 1000;
export const PROTOCOL_VERSION = 1;
