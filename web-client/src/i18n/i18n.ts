import { effect, signal } from '@preact/signals';
import i18next, { type TOptions } from 'i18next';
import { useMemo } from 'preact/hooks';
import enDashboard from './locales/en/dashboard.json';
import enPeer from './locales/en/peer.json';
import enSettings from './locales/en/settings.json';
import ptBrDashboard from './locales/pt-BR/dashboard.json';
import ptBrPeer from './locales/pt-BR/peer.json';
import ptBrSettings from './locales/pt-BR/settings.json';

/**
 * The page's languages, with i18next and the catalogs bundled (initialised synchronously). Tracks:
 *  1. `language`, the signal components read so that they re-render when it changes;
 *  2. the user's choice, kept in localStorage under STORAGE_KEY;
 *  3. `<html lang>`, kept equal to `language`.
 * Nothing touches the DOM or storage at import time unless they exist, so a worker may import it.
 * Namespaces: 'peer' (the peer page), 'dashboard' (the teacher's dashboard) and 'settings' (the
 * swarm settings form both pages show).
 */

export const LANGUAGES = ['en', 'pt-BR'] as const;
export type Language = (typeof LANGUAGES)[number];
export const NAMESPACES = ['peer', 'dashboard', 'settings'] as const;
export type Namespace = (typeof NAMESPACES)[number];
/** localStorage key of the language the user picked. */
export const STORAGE_KEY = 'minibit-language';

export const resources = {
  en: { peer: enPeer, dashboard: enDashboard, settings: enSettings },
  'pt-BR': { peer: ptBrPeer, dashboard: ptBrDashboard, settings: ptBrSettings },
} as const;

/**
 * The language to show: a stored choice wins; else the first of the browser's languages we have
 * (any Portuguese → 'pt-BR', any English → 'en'); else English.
 *
 *   detectLanguage(['pt-PT'], null) → 'pt-BR'     detectLanguage(['pt-BR'], 'en') → 'en'
 */
export function detectLanguage(navigatorLanguages: readonly string[], stored: string | null): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of navigatorLanguages) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (primary === 'pt') return 'pt-BR';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

function storedLanguage(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null; // storage disabled (e.g. some private modes)
  }
}

function browserLanguages(): readonly string[] {
  const nav = globalThis.navigator;
  if (!nav) return [];
  return nav.languages?.length ? nav.languages : nav.language ? [nav.language] : [];
}

const initial = detectLanguage(browserLanguages(), storedLanguage());

export const i18n = i18next.createInstance();
void i18n.init({
  lng: initial,
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  load: 'currentOnly',
  ns: [...NAMESPACES],
  defaultNS: 'peer',
  resources,
  initAsync: false,
  // Preact escapes text; escaping here too would show `&amp;` in file names.
  interpolation: { escapeValue: false },
});

/** The language shown now. Read it (or call `t`/`useT`) in a component to re-render on a change. */
export const language = signal<Language>(initial);

effect(() => {
  if (typeof document !== 'undefined') document.documentElement.lang = language.value;
});

/** Switches the page's language and remembers the choice. */
export function setLanguage(lng: Language): void {
  language.value = lng;
  void i18n.changeLanguage(lng);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lng);
  } catch {
    // Not remembered; the switch still applies to this page.
  }
}

export type Translate = (key: string, options?: TOptions) => string;

/** Translates in the current language (default namespace 'peer'); reading `language` subscribes the caller. */
export const t: Translate = (key, options) => i18n.t(key, { ...options, lng: language.value });

/** `t` bound to a namespace, for a component: it re-renders when the language changes. */
export function useT(ns: Namespace = 'peer'): Translate {
  const lng = language.value;
  return useMemo<Translate>(() => (key, options) => i18n.t(key, { ...options, lng, ns }), [lng, ns]);
}
