import { z } from 'zod';
import { type ChokingMode, DEFAULT_CHOKER_CONFIG } from './choker.ts';
import { DEFAULT_ENGINE_CONFIG } from './engine-config.ts';
import { PICK_STRATEGIES, type PickStrategy } from './piece-picker.ts';

/**
 * The settings every peer of one swarm applies live, set by the teacher's dashboard (through the
 * tracker) or by the sharer when it shares: the knobs a class turns to compare algorithms.
 *
 * The upload cap here is per peer (each peer of the swarm uploads at most this much); a tab's own
 * "Upload limit" field is a second cap, and the lower of the two holds.
 */
export interface SwarmSettings {
  strategy: PickStrategy;
  choking: ChokingMode;
  regularSlots: number;
  optimisticSlots: number;
  rechokeIntervalMs: number;
  optimisticIntervalMs: number;
  /** Bytes per second each peer of the swarm may upload, or null for no cap. */
  uploadCapBytesPerSecond: number | null;
}

export const DEFAULT_SWARM_SETTINGS: SwarmSettings = {
  strategy: DEFAULT_ENGINE_CONFIG.strategy,
  choking: DEFAULT_CHOKER_CONFIG.mode,
  regularSlots: DEFAULT_CHOKER_CONFIG.regularSlots,
  optimisticSlots: DEFAULT_CHOKER_CONFIG.optimisticSlots,
  rechokeIntervalMs: DEFAULT_CHOKER_CONFIG.rechokeIntervalMs,
  optimisticIntervalMs: DEFAULT_CHOKER_CONFIG.optimisticIntervalMs,
  uploadCapBytesPerSecond: null,
};

/** Bounds that keep a demo sane: a 1 s rechoke is already frantic; 16 KiB/s is one block a few s. */
export const SWARM_SETTINGS_LIMITS = {
  maxRegularSlots: 16,
  maxOptimisticSlots: 4,
  minIntervalMs: 1000,
  maxIntervalMs: 300_000,
  minUploadCap: 16 * 1024,
  maxUploadCap: 1024 * 1024 * 1024,
} as const;

const L = SWARM_SETTINGS_LIMITS;
const intervalSchema = z.number().int().min(L.minIntervalMs).max(L.maxIntervalMs);

export const swarmSettingsSchema = z
  .object({
    strategy: z.enum(PICK_STRATEGIES as [PickStrategy, ...PickStrategy[]]),
    choking: z.enum(['tit-for-tat', 'unchoke-all']),
    regularSlots: z.number().int().min(0).max(L.maxRegularSlots),
    optimisticSlots: z.number().int().min(0).max(L.maxOptimisticSlots),
    rechokeIntervalMs: intervalSchema,
    optimisticIntervalMs: intervalSchema,
    uploadCapBytesPerSecond: z.number().int().min(L.minUploadCap).max(L.maxUploadCap).nullable(),
  })
  .strict()
  .refine((s) => s.choking === 'unchoke-all' || s.regularSlots + s.optimisticSlots > 0, {
    message: 'tit-for-tat needs at least one slot, or nobody would ever upload',
  });
