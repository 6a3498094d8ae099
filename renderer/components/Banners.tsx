/** The last error (an alert, with its code) and a polite live region for confirmations. */
import { useTranslation } from 'react-i18next';
import { useNotices } from '../state/notices.tsx';
import { IssueCode } from './IssueBits.tsx';

export function Banners() {
  const { t, i18n } = useTranslation();
  const { error, notice, clearError } = useNotices();
  // The core explains errors in English; where the UI language has the code in words, say that first.
  const key = error ? `apiErrors.${error.code.replace(/\./g, '_')}` : '';
  const translated = error && i18n.language !== 'en' && i18n.exists(key) ? t(key) : undefined;
  return (
    <>
      <div role="alert" className={error ? 'banner banner-error' : 'banner-empty'}>
        {error && (
          <>
            <span className="banner-text">
              <IssueCode code={error.code} /> {translated ?? error.message}
              {translated && <span className="banner-detail"> {error.message}</span>}
            </span>
            <button type="button" className="btn btn-small" onClick={clearError}>
              {t('common.dismiss')}
            </button>
          </>
        )}
      </div>
      <div role="status" className={notice ? 'notice' : 'visually-hidden'}>
        {notice}
      </div>
    </>
  );
}
