/**
 * Tiny contact lists as marketers save them from a spreadsheet in a legacy encoding (R-F5): a header
 * and 1–5 rows of realistic names, phones and e-mails, from a seeded generator so every run (and the
 * floor test) sees the same lists.
 *
 * | encoding     | names                                      | phone form       |
 * |--------------|--------------------------------------------|------------------|
 * | big5         | Taiwanese, Traditional Chinese (王怡君)     | 09xxxxxxxx       |
 * | gb18030      | Mainland, Simplified Chinese (张伟)         | 13xxxxxxxxx      |
 * | shift_jis    | Japanese, kanji and kana (佐藤 さくら)       | 090-xxxx-xxxx    |
 * | windows-874  | Thai (สมชาย ใจดี)                          | 08xxxxxxxx       |
 * | windows-1252 | Western, with accents (José García)        | +33 6 xx xx xx xx|
 */
import iconv from 'iconv-lite';
import { ICONV_NAMES, type LegacyEncodingId } from '../../core/csv/legacy-encoding.ts';
import { random } from './generate.ts';

/** A seeded PRNG, enough for picking names (generate.ts's, so every run measures the same lists). */
export const seededRandom = random;

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const digits = (random: () => number, n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

const split = (s: string) => s.split(' ');
const NAMES: Record<LegacyEncodingId, { name: (random: () => number) => string; phone: (random: () => number) => string; header: string }> = {
  big5: {
    header: '姓名,手機,電子郵件',
    name: (r) => pick(r, split('陳 林 黃 張 李 王 吳 劉 蔡 楊 許 鄭 謝 郭 洪 曾 邱 廖 賴 周 徐 蘇 葉 莊 呂 江 何 蕭 羅 高 簡 朱 鍾 游 詹 施 沈 彭 胡 余'))
      + Array.from({ length: r() < 0.9 ? 2 : 1 }, () => pick(r, split('怡 君 雅 婷 志 明 家 豪 俊 傑 淑 芬 美 玲 建 宏 宗 翰 佳 蓉 冠 宇 承 恩 柏 詩 涵 語 彤 書 瑋 哲 維 惠 珍 麗 華 國 榮 偉 強 靜 儀 慧 敏 鈞 凱 瑩 嘉 豐 銘 欣 庭 瑜 郁 筱 育 秀 鳳'))).join(''),
    phone: (r) => `09${digits(r, 8)}`,
  },
  gb18030: {
    header: '姓名,手机,邮箱',
    name: (r) => pick(r, split('王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 蒋 蔡 余'))
      + Array.from({ length: r() < 0.6 ? 2 : 1 }, () => pick(r, split('伟 芳 娜 秀 英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 兰 霞 平 刚 桂 华 玉 红 鹏 飞 浩 宇 欣 怡 梓 涵 子 轩 雨 萱 俊 博 婷 颖 晨 琳 倩 鑫 凯 佳 雪'))).join(''),
    phone: (r) => `1${pick(r, ['3', '5', '8'])}${digits(r, 9)}`,
  },
  shift_jis: {
    header: '氏名,電話番号,メールアドレス',
    name: (r) => `${pick(r, split('佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 清水 山崎 森 池田 橋本 阿部 石川 前田 藤田 小川 岡田'))}${r() < 0.5 ? ' ' : '　'}${pick(r, split('花子 太郎 さくら ゆい 陽翔 蓮 結菜 葵 健太 美咲 翔太 あおい 大輔 由美子 けんじ 直樹 恵 真由美 ひなた 拓也 優子 和也 愛 美穂 浩二 さおり 誠 みなみ 翼 千尋'))}`,
    phone: (r) => `0${pick(r, ['90', '80', '70'])}-${digits(r, 4)}-${digits(r, 4)}`,
  },
  'windows-874': {
    header: 'ชื่อ,เบอร์โทร,อีเมล',
    name: (r) => `${pick(r, split('สมชาย สมศรี วิชัย สุดา ประเสริฐ มาลี อรุณ กนกวรรณ ธนพล ปิยะ ณัฐพล ศิริพร วรรณา จันทร์เพ็ญ ชัยวัฒน์ พิมพ์ใจ อนุชา รัตนา สุภาพร ธีรวัฒน์ นภา กิตติ'))} ${pick(r, split('ใจดี สุขสวัสดิ์ วงศ์ไทย ศรีสุข แสงทอง บุญมา ทองดี รัตนพันธ์ พงษ์ไพบูลย์ เจริญผล สมบูรณ์ มีสุข'))}`,
    phone: (r) => `0${pick(r, ['8', '9', '6'])}${digits(r, 8)}`,
  },
  'windows-1252': {
    header: 'Name,Phone,Email',
    name: (r) => `${pick(r, split('José François Zoë Chloé Jürgen Søren Renée Björn Ana María John Émilie André Inès Noël Hélène Günter Ángel Anne Paul'))} ${pick(r, split('García Müller Dupont Núñez Sørensen Smith Öztürk Lefèvre Gonçalves Schröder Martínez Weiß Ferrari Dubois Pérez Jensen'))}`,
    phone: (r) => `+33 6 ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}`,
  },
};

export const TINY_ENCODINGS = Object.keys(NAMES) as LegacyEncodingId[];

export interface TinyList {
  encoding: LegacyEncodingId;
  text: string;
  bytes: Buffer;
}

/**
 * A list of `rows` rows in `encoding`, CRLF-separated as Excel saves it. `header` 'ascii' writes
 * English column names (the hardest case: only the names carry the encoding), 'local' the language's.
 */
export function tinyList(random: () => number, encoding: LegacyEncodingId, rows: number, header: 'ascii' | 'local' = 'ascii'): TinyList {
  const names = NAMES[encoding];
  const lines = [header === 'ascii' ? 'name,phone,email' : names.header];
  for (let i = 0; i < rows; i++) lines.push(`${names.name(random)},${names.phone(random)},user${digits(random, 4)}@example.com`);
  const text = `${lines.join('\r\n')}\r\n`;
  return { encoding, text, bytes: iconv.encode(text, ICONV_NAMES[encoding]) };
}
