import { describe, expect, it } from 'vitest';
import { countListHealth, listHealth } from '../../core/simulate/list-health.ts';
import { Simulator } from '../../core/simulate/simulator.ts';
import { checkedRow } from './rows.ts';

describe('R-L1 list health', () => {
  it('counts EDM statuses, and typo domains / invalid emails among subscribed rows only', () => {
    const rows = [
      checkedRow(2, { email: 'a@gmial.com', messaging_status: 'subscribed' }, { key: 'a@gmial.com', issues: ['email.domain_typo'] }),
      checkedRow(3, { messaging_status: 'subscribed' }, { issues: ['email.invalid'] }),
      checkedRow(4, { messaging_status: 'unsubscribed' }, { issues: ['email.invalid'] }),
      checkedRow(5, { email: 'b@gmial.com', messaging_status: 'hard_bounce' }, { key: 'b@gmial.com', issues: ['email.domain_typo'] }),
      checkedRow(6, { email: 'c@x.com', messaging_status: 'spam_report' }, { key: 'c@x.com' }),
      checkedRow(7, { email: 'd@x.com', messaging_status: 'subscribed' }, { key: 'd@x.com' }),
      checkedRow(8, { email: 'e@x.com' }, { key: 'e@x.com', issues: ['status.invalid'] }),
      // Counts that differ from status to status, so that no two counters can be confused.
      checkedRow(9, { messaging_status: 'unsubscribed' }),
      checkedRow(10, { messaging_status: 'spam_report' }),
      checkedRow(11, { messaging_status: 'spam_report' }),
    ];
    const issues = listHealth('email', countListHealth(rows));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'risk.edm_list',
      severity: 'warning',
      params: { rows: 10, unsubscribed: 2, hardBounce: 1, spamReport: 3, typoDomains: 1, invalidEmails: 1 },
    });
    expect(issues[0].row).toBeUndefined();
  });

  it('counts WhatsApp rows not opted_in', () => {
    const rows = [
      checkedRow(2, { messaging_status: 'opted_in' }),
      checkedRow(3, { messaging_status: 'opted_out' }),
      checkedRow(4, { messaging_status: 'not_subscribed' }),
      checkedRow(5, { messaging_status: 'not_subscribed' }),
      checkedRow(6, {}, { issues: ['status.missing'] }),
    ];
    const issues = listHealth('whatsapp', countListHealth(rows));
    expect(issues.map((i) => [i.code, i.params])).toEqual([['risk.wa_not_opted_in', { count: 3, rows: 5, optedOut: 1, notSubscribed: 2 }]]);
  });

  it('says nothing when nothing is at risk, and nothing for LINE', () => {
    expect(listHealth('email', countListHealth([checkedRow(2, { messaging_status: 'subscribed' })]))).toEqual([]);
    expect(listHealth('whatsapp', countListHealth([checkedRow(2, { messaging_status: 'opted_in' })]))).toEqual([]);
    expect(listHealth('line', countListHealth([checkedRow(2, { messaging_status: 'opted_out' })]))).toEqual([]);
  });

  it('is tallied by the simulator as rows apply, whatever their outcome', () => {
    const s = new Simulator([], { channel: 'whatsapp', key: 'phone', region: 'TW', importedAt: '2025-01-01 00:00:00' });
    s.apply(checkedRow(2, { WhatsApp_mobile: '+886912345678', messaging_status: 'opted_out' }, { key: '+886912345678' }));
    s.apply(checkedRow(3, { messaging_status: 'not_subscribed' }, { key: '+886912345679', issues: ['gender.invalid'] }));
    expect(s.listHealthCounts()).toMatchObject({ rows: 2, optedOut: 1, notSubscribed: 1, optedIn: 0 });
    expect(s.listHealth().map((i) => i.params)).toEqual([{ count: 2, rows: 2, optedOut: 1, notSubscribed: 1 }]);
  });
});
