/** The last error (an alert, in words, with its code) and a polite live region for confirmations. */
import { useTranslation } from 'react-i18next';
import { useNotices } from '../state/notices.tsx';
import { ErrorText } from './ErrorText.tsx';

export function Banners() {
  const { t } = useTranslation();
  const { error, notice, clearError } = useNotices();
  return (
    <>
      <div role="alert" className={error ? 'banner banner-error' : 'banner-empty'}>
        {error && (
          <>
            <ErrorText error={error} />
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
