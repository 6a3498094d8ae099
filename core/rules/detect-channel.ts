/**
 * Guesses the channel template a file was written for from its headers, so `check` works without
 * `--channel`. The choice is always reported (`file.channel_detected`) and can be overridden.
 */
import type { Channel } from '../model.ts';
import { CHANNELS } from '../model.ts';
import { HEADER_ALIASES, TEMPLATES } from './templates.ts';
import { normalizeHeader } from './headers.ts';

/** Fields only one template has weigh most; shared ones (customer_id, email) barely count. */
const DISTINCTIVE: Record<Channel, readonly string[]> = {
  whatsapp: ['whatsappmobile', 'whatsapp'],
  line: ['lineuid', 'uid', 'note', 'tags', 'name', 'phone', 'fbid', 'igid'],
  email: ['consentsource', 'consentat', 'emailaddress'],
};

/** Every field name of every template, normalized. */
const ANY_FIELD = new Set(CHANNELS.flatMap((channel) => TEMPLATES[channel].fields.map((f) => normalizeHeader(f.name))));

/**
 * A header as detection weighs it: a common name that stands for exactly one field (R-H8: 狀態 for
 * messaging_status, 電子郵件 for email) counts as that field; names shared by several fields
 * (手機: phone, mobile or WhatsApp_mobile) tell nothing.
 */
function weighedName(header: string): string {
  const normalized = normalizeHeader(header);
  if (ANY_FIELD.has(normalized) || CHANNELS.some((c) => DISTINCTIVE[c].includes(normalized))) return normalized;
  const fields = Object.prototype.hasOwnProperty.call(HEADER_ALIASES, normalized) ? HEADER_ALIASES[normalized] : [];
  return fields.length === 1 ? normalizeHeader(fields[0]) : normalized;
}

export function detectChannel(header: readonly string[]): Channel {
  const normalized = header.map(weighedName);
  let best: Channel = 'line';
  let bestScore = -1;
  for (const channel of CHANNELS) {
    const fieldNames = new Set(TEMPLATES[channel].fields.map((f) => normalizeHeader(f.name)));
    let score = 0;
    for (const h of normalized) {
      if (DISTINCTIVE[channel].includes(h)) score += 10;
      else if (fieldNames.has(h)) score += 2;
    }
    // A status column without a WhatsApp number is an EDM list's signature.
    if (channel === 'email' && normalized.some((h) => h === 'messagingstatus' || h === 'status') && normalized.includes('email')) score += 5;
    if (score > bestScore) {
      best = channel;
      bestScore = score;
    }
  }
  return best;
}
