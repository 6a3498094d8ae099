/** The app bar: name, the open case's controls (if any), and the language switch. */
import type { ReactNode } from 'react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { switchLanguage, useLang } from '../i18n/index.ts';

export function Header({ children }: { children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const id = useId();
  return (
    <header className="app-header">
      <span className="brand">
        <span className="brand-mark" aria-hidden="true">
          ▦
        </span>
        ListPrep
      </span>
      <div className="header-case">{children}</div>
      <div className="lang-switch">
        <label htmlFor={`${id}-lang`}>{t('header.language')}</label>
        <select id={`${id}-lang`} value={lang} onChange={(e) => void switchLanguage(i18n, e.target.value === 'zh-TW' ? 'zh-TW' : 'en')}>
          <option value="en" lang="en">
            English
          </option>
          <option value="zh-TW" lang="zh-TW">
            繁體中文
          </option>
        </select>
      </div>
    </header>
  );
}
