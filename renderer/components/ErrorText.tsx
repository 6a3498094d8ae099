/** An error as the user reads it: what went wrong, what to do, the core's detail, and the code (small, copyable). */
import { useTranslation } from 'react-i18next';
import { errorWords, type ShownError } from '../api/errors.ts';
import { useLang } from '../i18n/index.ts';
import { IssueCode } from './IssueBits.tsx';

export function ErrorText({ error }: { error: ShownError }) {
  const { i18n } = useTranslation();
  const words = errorWords(error, useLang(), i18n);
  return (
    <span className="banner-text">
      <strong className="banner-title">{words.title}</strong> <span className="banner-sentence">{words.sentence}</span>
      {words.detail && <span className="banner-detail"> {words.detail}</span>} <IssueCode code={error.code} />
    </span>
  );
}
