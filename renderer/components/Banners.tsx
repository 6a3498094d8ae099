/** The last error (an alert, with its code) and a polite live region for confirmations. */
import { useTranslation } from 'react-i18next';
import { useNotices } from '../state/notices.tsx';
import { IssueCode } from './IssueBits.tsx';

export function Banners() {
  const { t } = useTranslation();
  const { error, notice, clearError } = useNotices();
  return (
    <>
      <div role="alert" className={error ? 'banner banner-error' : 'banner-empty'}>
        {error && (
          <>
            <span className="banner-text">
              <IssueCode code={error.code} /> {error.message}
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
