/**
 * Who becomes one person: the unified profiles a page at a time, each with the channel contacts it
 * merges (named by their best human value, id second), the identities that link them and the import
 * row. The search asks the core (getProfiles), which pages and searches in SQL: a million contacts
 * cost a page.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Api } from '../../../core/contract/api.ts';
import { useApi } from '../../api/context.tsx';
import { useLang } from '../../i18n/index.ts';
import { formatCount } from '../../lib/format.ts';
import { VisibleText } from '../VisibleText.tsx';
import { ContactName } from './ContactName.tsx';

type Page = Awaited<ReturnType<Api['getProfiles']>>;
export const PROFILE_PAGE = 25;
/** A search waits for the typing to pause. */
const SEARCH_DELAY_MS = 250;

export function ProfileList({ caseId, version }: { caseId: string; version: unknown }) {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useApi();
  const id = useId();
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  /** The page shown, with the offset it answers (the pager names the rows shown, not those asked for). */
  const [page, setPage] = useState<(Page & { offset: number }) | null>(null);

  // Only a changed search goes back to the first page (not the list appearing, nor a space typed).
  useEffect(() => {
    const next = typed.trim();
    if (next === search) return;
    const timer = setTimeout(() => {
      setSearch(next);
      setOffset(0);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed, search]);

  useEffect(() => {
    let current = true;
    api
      .getProfiles({ caseId, offset, limit: PROFILE_PAGE, search })
      .then((next) => current && setPage({ ...next, offset }))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [api, caseId, offset, search, version]);

  if (page && !page.ran) {
    return (
      <section className="card profile-list" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} className="card-title">
          {t('unify.profileList')}
        </h2>
        <p className="muted">{t('unify.rerunForList')}</p>
      </section>
    );
  }

  const total = page?.total ?? 0;
  const shownFrom = page?.offset ?? 0;
  const shownTo = Math.min(total, shownFrom + PROFILE_PAGE);
  const status = !page
    ? ''
    : search === ''
      ? t('unify.profileCount', { count: total, formatted: formatCount(total, lang) })
      : page.capped
        ? t('unify.profileFoundCapped', { formatted: formatCount(10_000, lang) })
        : total === 0
          ? t('unify.noProfilesFound', { search })
          : t('unify.profileFound', { count: total, formatted: formatCount(total, lang) });

  return (
    <section className="card profile-list" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card-title">
        {t('unify.profileList')}
      </h2>
      <p className="muted">{t('unify.profileListIntro')}</p>
      <div className="profile-search">
        <label htmlFor={`${id}-search`}>{t('unify.search')}</label>
        <input
          id={`${id}-search`}
          type="search"
          value={typed}
          maxLength={200}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setTyped(e.target.value)}
        />
        {typed !== '' && (
          <button type="button" className="btn btn-small" onClick={() => setTyped('')}>
            {t('unify.searchClear')}
          </button>
        )}
        <span id={`${id}-hint`} className="muted small">
          {t('unify.searchHint')}
        </span>
      </div>
      <p className="profile-status" role="status" data-profile-total={total}>
        {status}
      </p>
      {page && page.profiles.length > 0 && (
        <table className="profile-table">
          <caption className="visually-hidden">{t('unify.profileList')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('unify.profile')}</th>
              <th scope="col">{t('unify.contactCol')}</th>
              <th scope="col">{t('unify.channel')}</th>
              <th scope="col">{t('unify.customerId')}</th>
              <th scope="col">{t('unify.linkedBy')}</th>
              <th scope="col">{t('grid.row')}</th>
            </tr>
          </thead>
          {page.profiles.map((p) => (
            <tbody key={p.id} data-profile-id={p.id} className={p.conflict ? 'profile-held' : undefined}>
              {p.members.map((m, i) => (
                <tr key={m.contactId} data-contact-id={m.contactId}>
                  {i === 0 && (
                    <th scope="rowgroup" rowSpan={p.members.length} className="profile-id">
                      <code>{p.id}</code>
                      {p.conflict && (
                        <span className="badge badge-held" title={t('unify.heldHint')}>
                          {t('unify.held')}
                        </span>
                      )}
                    </th>
                  )}
                  <td>
                    <ContactName name={m.name} id={m.contactId} />
                  </td>
                  <td>{t(`contactChannel.${m.channel}`)}</td>
                  <td>{m.customerId === '' ? <span className="muted">{t('unify.noCustomerId')}</span> : <VisibleText value={m.customerId} />}</td>
                  <td className="profile-linked">{m.linkedBy.length === 0 ? <span className="muted">{t('unify.alone')}</span> : <VisibleText value={m.linkedBy.join(', ')} />}</td>
                  <td>{m.row ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      )}
      {total > PROFILE_PAGE && (
        <nav className="profile-pager" aria-label={t('unify.profileList')}>
          <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => setOffset((o) => Math.max(0, o - PROFILE_PAGE))}>
            {t('unify.previous')}
          </button>
          <span className="muted small">
            {t('unify.pageOf', { from: formatCount(shownFrom + 1, lang), to: formatCount(shownTo, lang), total: formatCount(total, lang) })}
          </span>
          <button type="button" className="btn btn-small" disabled={shownTo >= total} onClick={() => setOffset((o) => (o + PROFILE_PAGE < total ? o + PROFILE_PAGE : o))}>
            {t('unify.next')}
          </button>
        </nav>
      )}
    </section>
  );
}
