/**
 * The import options (RULES.md: channel, matching key, phone region, time zone), used on the start
 * screen before opening and in the review after. Controlled; the parent decides when to apply.
 */
import { useId } from 'react';
import { CHANNELS, DEFAULT_KEY, KEY_NAMES, type Channel, type KeyName } from '../../core/model.ts';
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n/index.ts';
import { regionName } from '../lib/format.ts';

/** The regions MAAC's customers import most; any two-letter code can still be typed in the core. */
export const REGIONS = ['TW', 'HK', 'MO', 'TH', 'MY', 'SG', 'JP', 'ID', 'VN', 'PH', 'KR', 'CN', 'US', 'GB', 'AU'];
export const TIME_ZONES = ['Asia/Taipei', 'Asia/Hong_Kong', 'Asia/Macau', 'Asia/Bangkok', 'Asia/Kuala_Lumpur', 'Asia/Singapore', 'Asia/Tokyo', 'Asia/Jakarta', 'Asia/Ho_Chi_Minh', 'Asia/Manila', 'Asia/Seoul', 'Asia/Shanghai', 'UTC'];

export interface OptionValues {
  /** 'auto': let the core detect it from the headers. */
  channel: Channel | 'auto';
  /** 'auto': the channel's default key. */
  key: KeyName | 'auto';
  region: string;
  /** '' when not stated. */
  timeZone: string;
}

export function OptionFields({ values, onChange, detected, disabled }: { values: OptionValues; onChange(next: OptionValues): void; detected?: Channel | null; disabled?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const id = useId();
  const keyDefault = values.channel === 'auto' ? null : DEFAULT_KEY[values.channel];
  const regions = REGIONS.includes(values.region) ? REGIONS : [values.region, ...REGIONS];
  return (
    <div className="option-fields">
      <div className="field">
        <label htmlFor={`${id}-channel`}>{t('options.channel')}</label>
        <select
          id={`${id}-channel`}
          value={values.channel}
          disabled={disabled}
          onChange={(e) => onChange({ ...values, channel: e.target.value as OptionValues['channel'], key: 'auto' })}
        >
          <option value="auto">{detected ? t('options.channelDetected', { channel: t(`channel.${detected}`) }) : t('options.channelAuto')}</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`channel.${c}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-key`}>{t('options.key')}</label>
        <select id={`${id}-key`} value={values.key} disabled={disabled} onChange={(e) => onChange({ ...values, key: e.target.value as OptionValues['key'] })}>
          <option value="auto">{keyDefault ? t('options.keyDefaultFor', { key: keyDefault }) : t('options.keyAuto')}</option>
          {KEY_NAMES.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-region`}>{t('options.region')}</label>
        <select id={`${id}-region`} value={values.region} disabled={disabled} onChange={(e) => onChange({ ...values, region: e.target.value })}>
          {regions.map((r) => (
            <option key={r} value={r}>
              {r} · {regionName(r, lang)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-tz`}>{t('options.timeZone')}</label>
        <select id={`${id}-tz`} value={values.timeZone} disabled={disabled} onChange={(e) => onChange({ ...values, timeZone: e.target.value })}>
          <option value="">{t('options.timeZoneNone')}</option>
          {(TIME_ZONES.includes(values.timeZone) || values.timeZone === '' ? TIME_ZONES : [values.timeZone, ...TIME_ZONES]).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
