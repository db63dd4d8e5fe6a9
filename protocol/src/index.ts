export * from './bitfield.ts';
export * from './block-frame.ts';
export * from './limits.ts';
export * from './manifest.ts';
export * from './parse-result.ts';
export * from './tracker-messages.ts';
export * from './wire-messages.ts';
