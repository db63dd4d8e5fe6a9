// simple-peer 9 (and readable-stream under it) expect Node's `process` and `Buffer` globals.
// Imported first by main.tsx so they exist before simple-peer's modules run.
import { Buffer } from 'buffer';
import process from 'process';

const g = globalThis as unknown as { process?: unknown; Buffer?: unknown };
g.process ??= process;
g.Buffer ??= Buffer;
