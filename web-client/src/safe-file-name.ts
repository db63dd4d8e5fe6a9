/**
 * Turns a name from a manifest (chosen by whoever shared the file) into one safe to save under: no
 * path separators, no control or bidirectional-override characters (which can disguise an
 * extension, as in "invoice‮fdp.exe"), no leading dots, no names that are only dots, at most 200 characters with the
 * extension kept. Accents and symbols stay: "relatório final — ação ✓.txt" is saved as it is.
 */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MAX_LENGTH = 200;

export function safeFileName(name: string): string {
  let safe = name.normalize('NFC').replace(UNSAFE, '_').trim();
  if (/^\.*$/.test(safe)) safe = `download${safe.length > 0 ? '_' : ''}`;
  // A leading dot hides a file on Unix (and '..' looks like a path): Chromium replaces it too.
  safe = safe.replace(/^\.+/, '_');
  if (safe.length > MAX_LENGTH) {
    const dot = safe.lastIndexOf('.');
    const ext = dot > 0 && safe.length - dot <= 16 ? safe.slice(dot) : '';
    safe = safe.slice(0, MAX_LENGTH - ext.length) + ext;
  }
  return safe;
}
