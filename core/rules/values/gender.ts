/** R-V5 gender: `female`, `male` or `unknown`, with fixes for common synonyms in ListPrep's markets. */
import type { ValueCheck } from './types.ts';

export const GENDER_VALUES = ['female', 'male', 'unknown'] as const;
export type Gender = (typeof GENDER_VALUES)[number];

const SYNONYMS: Record<Gender, readonly string[]> = {
  female: [
    'f', 'female', 'woman', 'women', 'w', 'girl', 'lady', 'ms', 'ms.', 'mrs', 'mrs.', 'miss',
    '女', '女性', '女生', '女士', '小姐', '太太', '婦', '妇',
    'หญิง', 'เพศหญิง', 'ผู้หญิง', 'นาง', 'นางสาว', 'น.ส.',
  ],
  male: [
    'm', 'male', 'man', 'men', 'boy', 'mr', 'mr.',
    '男', '男性', '男生', '男士', '先生',
    'ชาย', 'เพศชาย', 'ผู้ชาย', 'นาย',
  ],
  unknown: [
    'u', 'unknown', 'other', 'others', 'n/a', 'na', 'none', 'x', 'unspecified', 'not specified', 'prefer not to say', 'undisclosed',
    '其他', '其它', '未知', '不明', '不詳', '不详', '保密', '不透露', '不提供', '未提供', '未填', '無', '无',
    'อื่นๆ', 'อื่น ๆ', 'อื่น', 'ไม่ระบุ', 'ไม่ทราบ',
  ],
};

const FIXES = new Map<string, Gender>();
for (const gender of GENDER_VALUES) for (const word of SYNONYMS[gender]) FIXES.set(word, gender);

export function checkGender(raw: string): ValueCheck {
  const text = raw.trim();
  if ((GENDER_VALUES as readonly string[]).includes(text)) return { findings: [], value: text };
  const fix = FIXES.get(text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' '));
  return { findings: [{ code: 'gender.invalid', ...(fix ? { fix } : {}) }] };
}
