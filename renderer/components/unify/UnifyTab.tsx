/** Unification preview: run it, see how many profiles result, and look into each identity conflict. */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Api } from '../../../core/contract/api.ts';
import { UNIFY_KEYS, type UnifyKey } from '../../../core/model.ts';
import { formatIssueMessage } from '../../../core/rules/messages.ts';
import { useApi } from '../../api/context.tsx';
import { useLang } from '../../i18n/index.ts';
import { formatCount } from '../../lib/format.ts';
import { useCase } from '../../state/case.tsx';
import { IssueCode } from '../IssueBits.tsx';
import { VisibleText } from '../VisibleText.tsx';
import { ConflictGraph, contactLabel } from './ConflictGraph.tsx';
import { ContactName } from './ContactName.tsx';
import { ProfileList } from './ProfileList.tsx';

type Unification = Awaited<ReturnType<Api['getUnification']>>;
const PAGE = 50;

export function UnifyTab() {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useApi();
  const id = useId();
  const { caseId, summary, version, perform, setOptions, busy } = useCase();
  const [data, setData] = useState<Unification | null>(null);
  const [selected, setSelected] = useState(0);
  /** Conflicts whose member contacts are shown in the list (by conflict index). */
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const toggleExpanded = (index: number) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(index)) next.add(index);
      return next;
    });

  // The first page, read again after each change to the case.
  useEffect(() => {
    let current = true;
    api.getUnification({ caseId, offset: 0, limit: PAGE }).then((next) => current && setData(next), () => undefined);
    return () => {
      current = false;
    };
  }, [api, caseId, version]);

  // "Show more": the next page after the conflicts shown.
  const loadMore = async (offset: number) => {
    const next = await api.getUnification({ caseId, offset, limit: PAGE });
    setData((prev) => (prev ? { ...next, conflicts: [...prev.conflicts, ...next.conflicts] } : next));
  };

  const run = async () => {
    await perform(() => api.runUnify({ caseId }));
    setSelected(0);
  };
  const toggleKey = (key: UnifyKey) => {
    if (!summary) return;
    const keys = summary.unifyKeys.includes(key) ? summary.unifyKeys.filter((k) => k !== key) : [...summary.unifyKeys, key];
    void setOptions({ unifyKeys: UNIFY_KEYS.filter((k) => keys.includes(k)) });
  };

  const conflict = data?.conflicts[selected];
  return (
    <div className="unify">
      <section className="card" aria-labelledby={`${id}-run`}>
        <h2 id={`${id}-run`} className="card-title">
          {t('unify.title')}
        </h2>
        <p>{t('unify.intro')}</p>
        <fieldset className="unify-keys">
          <legend>{t('unify.keys')}</legend>
          {UNIFY_KEYS.map((k) => (
            <label key={k} className="check">
              <input type="checkbox" checked={summary?.unifyKeys.includes(k) ?? false} disabled={busy} onChange={() => toggleKey(k)} />
              <code>{k}</code>
            </label>
          ))}
        </fieldset>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void run()}>
          {data?.ran ? t('unify.rerun') : t('unify.run')}
        </button>
      </section>

      {data?.ran && (
        <>
          <section className="card" aria-labelledby={`${id}-stats`}>
            <h2 id={`${id}-stats`} className="card-title">
              {t('unify.resultTitle')}
            </h2>
            <dl className="stats">
              <div>
                <dt>{t('unify.profiles')}</dt>
                <dd data-stat="profiles">{formatCount(data.profiles, lang)}</dd>
              </div>
              {data.contacts > 0 && (
                <div>
                  <dt>{t('unify.contacts')}</dt>
                  <dd data-stat="contacts">{formatCount(data.contacts, lang)}</dd>
                </div>
              )}
              <div>
                <dt>{t('unify.conflicts')}</dt>
                <dd data-stat="conflicts">{formatCount(data.totalConflicts, lang)}</dd>
              </div>
            </dl>
          </section>

          <section className="card conflicts" aria-labelledby={`${id}-list`}>
            <h2 id={`${id}-list`} className="card-title">
              {t('unify.conflictList')} <IssueCode code="identity.conflict" />
            </h2>
            {data.conflicts.length === 0 ? (
              <p className="muted">{t('unify.noConflicts')}</p>
            ) : (
              <div className="conflict-layout">
                <ul className="conflict-list">
                  {data.conflicts.map((c, i) => (
                    <li key={c.index} data-conflict-index={c.index}>
                      <button type="button" className="conflict-item" aria-pressed={i === selected} onClick={() => setSelected(i)}>
                        <span className="conflict-ids">
                          <VisibleText value={c.customerIds.join(' ≠ ')} />
                        </span>
                        <span className="muted small">
                          <VisibleText value={c.linkedBy.join(', ')} />
                        </span>
                      </button>
                      <button
                        type="button"
                        className="btn btn-link btn-small conflict-expand"
                        aria-expanded={expanded.has(c.index)}
                        aria-controls={`${id}-members-${c.index}`}
                        onClick={() => toggleExpanded(c.index)}
                      >
                        {expanded.has(c.index) ? t('unify.hideMembers') : t('unify.showMembers', { count: c.contacts.length })}
                      </button>
                      {expanded.has(c.index) && (
                        <ul id={`${id}-members-${c.index}`} className="conflict-members">
                          {c.contacts.map((m) => (
                            <li key={m.id} data-contact-id={m.id}>
                              <ContactName name={contactLabel(m)} id={m.id} />
                              <span className="muted small member-details">
                                {t(`contactChannel.${m.channel}`)} · {m.customerId === '' ? t('unify.noCustomerId') : <VisibleText value={m.customerId} />} · <code>{m.profileId}</code>
                              </span>
                            </li>
                          ))}
                        </ul>
                      )}
                    </li>
                  ))}
                  {data.conflicts.length < data.totalConflicts && (
                    <li>
                      <button type="button" className="btn" onClick={() => void loadMore(data.conflicts.length)}>
                        {t('unify.more', { count: data.totalConflicts - data.conflicts.length })}
                      </button>
                    </li>
                  )}
                </ul>
                {conflict && (
                  <div className="conflict-detail">
                    <ConflictGraph conflict={conflict} />
                    <p className="conflict-why" data-code="identity.conflict">
                      {formatIssueMessage('identity.conflict', { linkedBy: conflict.linkedBy.join(', '), customerIds: conflict.customerIds.join(', ') }, lang)}
                    </p>
                    <p className="muted small">{t('unify.legend')}</p>
                    <table className="conflict-contacts">
                      <caption className="visually-hidden">{t('unify.contactsCaption')}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('unify.channel')}</th>
                          <th scope="col">{t('unify.customerId')}</th>
                          <th scope="col">{t('unify.contactCol')}</th>
                          <th scope="col">{t('unify.profile')}</th>
                          <th scope="col">{t('grid.row')}</th>
                          <th scope="col">{t('unify.identities')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {conflict.contacts.map((c) => (
                          <tr key={c.id}>
                            <td>{t(`contactChannel.${c.channel}`)}</td>
                            <td>{c.customerId === '' ? t('unify.noCustomerId') : <VisibleText value={c.customerId} />}</td>
                            <td>
                              <ContactName name={contactLabel(c)} id={c.id} />
                            </td>
                            <td>
                              <code>{c.profileId}</code>
                            </td>
                            <td>{c.row ?? '—'}</td>
                            <td>
                              <VisibleText value={c.identities.join(', ')} />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </div>
            )}
          </section>

          <ProfileList caseId={caseId} version={version} />
        </>
      )}
    </div>
  );
}
