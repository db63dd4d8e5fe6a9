/**
 * Preloaded into every child the bench starts (`node --import tsx --import …/parent-watch.ts …`): if
 * the bench process disappears without cleaning up (SIGKILL, a crash), the child is re-parented, and
 * this notices and stops it, so no tracker or driver outlives its bench. Tracks the parent's pid.
 */

const PARENT_CHECK_MS = 500;
const benchPid = process.ppid;

setInterval(() => {
  // SIGTERM, not exit(): the tracker then shuts down cleanly (and writes a --cpu-prof profile).
  if (process.ppid !== benchPid) process.kill(process.pid, 'SIGTERM');
}, PARENT_CHECK_MS).unref();

export {};
