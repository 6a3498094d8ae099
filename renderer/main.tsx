/** Entry point: language, bridge (Electron preload or loopback HTTP), then the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { getBridge } from './api/index.ts';
import { ApiProvider } from './api/context.tsx';
import { App } from './App.tsx';
import { createI18n, startupLang } from './i18n/index.ts';
import './styles.css';

const lang = startupLang();
document.documentElement.lang = lang;
const i18n = createI18n(lang);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <ApiProvider bridge={getBridge()}>
        <App />
      </ApiProvider>
    </I18nextProvider>
  </StrictMode>,
);
