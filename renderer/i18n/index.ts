/**
 * UI strings in English and Traditional Chinese (i18next). Issue messages are not here: they come
 * from the core's registry through formatIssueMessage (see issue-text.ts), so both stay one source.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Lang } from '../../core/rules/messages.ts';
import { formatInterpolated } from '../lib/format.ts';
import { en } from './en.ts';
import { zhTW } from './zh-TW.ts';

export const LANG_STORAGE_KEY = 'listprep.lang';

/** The saved choice, else the system language (any Chinese → zh-TW), else English. */
export function initialLang(saved: string | null, systemLanguage: string | undefined): Lang {
  if (saved === 'en' || saved === 'zh-TW') return saved;
  return systemLanguage?.toLowerCase().startsWith('zh') ? 'zh-TW' : 'en';
}

export function createI18n(lang: Lang): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: lang,
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh-TW'],
    load: 'currentOnly',
    resources: { en: { translation: en }, 'zh-TW': { translation: zhTW } },
    // React escapes text; values are never rendered as HTML.
    // Numbers are grouped the language's way wherever they are interpolated (lib/format.ts).
    interpolation: { escapeValue: false, alwaysFormat: true, format: formatInterpolated },
    initAsync: false,
    returnNull: false,
    showSupportNotice: false,
  });
  return instance;
}

function readSaved(): string | null {
  try {
    return globalThis.localStorage?.getItem(LANG_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** The app's language at start-up. */
export function startupLang(): Lang {
  return initialLang(readSaved(), globalThis.navigator?.language);
}

/** Switches the language, remembers it, and tells assistive technology via <html lang>. */
export async function switchLanguage(i18n: I18n, lang: Lang): Promise<void> {
  await i18n.changeLanguage(lang);
  try {
    globalThis.localStorage?.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this session.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

export function toLang(language: string | undefined): Lang {
  return language === 'zh-TW' ? 'zh-TW' : 'en';
}

/** The current language as the core's message renderer names it. */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return toLang(i18n.resolvedLanguage ?? i18n.language);
}
