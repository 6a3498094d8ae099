/**
 * Guesses the channel template a file was written for from its headers, so `check` works without
 * `--channel`. The choice is always reported (`file.channel_detected`) and can be overridden.
 */
import type { Channel } from '../model.ts';
import { CHANNELS } from '../model.ts';
import { TEMPLATES } from './templates.ts';
import { normalizeHeader } from './headers.ts';

/** Fields only one template has weigh most; shared ones (customer_id, email) barely count. */
const DISTINCTIVE: Record<Channel, readonly string[]> = {
  whatsapp: ['whatsappmobile', 'whatsapp'],
  line: ['lineuid', 'uid', 'note', 'tags', 'name', 'phone', 'fbid', 'igid'],
  email: ['consentsource', 'consentat', 'emailaddress'],
};

export function detectChannel(header: readonly string[]): Channel {
  const normalized = header.map(normalizeHeader);
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
