/**
 * Bytes → text, whatever Excel saved. Order: a byte-order mark decides; else bytes that are valid UTF-8 are UTF-8
 * (legacy CJK text is almost never valid UTF-8 by accident); else each legacy candidate decodes a sample and the
 * text that looks most like real writing wins. The choice and its runner-up are reported so the person can override,
 * and a decoder never silently turns text into '?': U+FFFD counts heavily against a candidate and is reported.
 */
import { bomOf } from './sniff';
import type { Decode, EncodingChoice, EncodingName } from './types';

/** Legacy code pages Excel writes "CSV" in, by the system locale (DOMAIN.md §5). */
export const LEGACY_CANDIDATES: readonly EncodingName[] = ['cp949', 'big5', 'gb18030', 'shift_jis', 'windows-1252'];

/** Strict UTF-8 check (no overlongs, no surrogates, nothing above U+10FFFF), without decoding. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!; // i < n
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min, cp] = [1, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [need, min, cp] = [2, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [need, min, cp] = [3, 0x10000, b & 0x07];
    else return false;
    if (i + need >= n) return false;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

// Frequent characters by language: the decisive signal between CJK code pages, because Korean bytes read as Big5 or
// GBK still decode to valid (but random, rare) Han characters. These are the commonest surnames, given-name characters
// and words found in customer lists.
const KO_FREQUENT = new Set(
  '이김박최정강조윤장임한오서신권황안송류홍전고문양손배백허유남심노하곽성차주우구민나진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감음빈동온호범좌팽승간상시갈수영준재희혜숙자훈철미아름번화휴대폰라벨그룹고객회원님장대표매니저점택배주소일월년의는을를에다요니습세하고있용품가게카페식당미용실',
);
const ZH_HANT_FREQUENT = new Set(
  '王李張劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅鄭梁謝宋唐許韓馮鄧曹彭曾蕭田董袁潘蔡蔣余杜葉程蘇魏呂丁任沈姚盧姜崔鍾譚陸汪范金石廖賈夏韋付方白鄒孟熊秦邱江尹薛閻段雷侯龍史陶黎賀顧毛郝龔邵萬錢嚴覃武戴莫孔向湯明華文志國建美玲淑惠芳秀英麗珍雅婷怡君偉俊傑宏豪家佳欣宇翔軒哲瑋庭婉慧儀先生小姐電話手機姓名標籤群組客戶會員店公司號碼地址台北市新中大有限的是了不在人我們這個上們來到時說要就出會可也你對生能而子那得於著下自之年過發後作裡用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好只把機長心前',
);
const ZH_HANS_FREQUENT = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蔡蒋余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤明华文志国建美玲淑惠芳秀英丽珍雅婷怡君伟俊杰宏豪家佳欣宇翔军哲静敏军强磊洋勇艳娟霞先生小姐电话手机姓名标签分组客户会员店公司号码地址北京上海市广州深圳有限的是了不在人我们这个上来到时说要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好只把机长心前',
);
const JA_FREQUENT = new Set('佐藤鈴木高橋田中伊渡辺山本中村小林加吉松井木清水斎森池田口阿部石川前野藤原太郎子美和様電話番号携帯名前氏会社株式東京大阪');

function isHangul(c: number): boolean {
  return c >= 0xac00 && c <= 0xd7a3;
}
function isHan(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}
function isKana(c: number): boolean {
  return c >= 0x3041 && c <= 0x30ff;
}

/**
 * How much a decoded text looks like real writing in the language the encoding is used for. Per non-ASCII char:
 * replacement characters and C1 controls are heavy penalties (a wrong code page), frequent characters of the
 * language score high, other characters of its script a little, unlikely ones (half-width katakana, private use)
 * count against.
 */
export function plausibility(text: string, encoding: EncodingName): number {
  let score = 0;
  let counted = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!; // a for…of char always has a code point
    if (c < 0x80) continue;
    counted++;
    if (c === 0xfffd) score -= 30;
    else if (c <= 0x9f) score -= 20; // C1 controls: bytes the code page does not map
    else if (c >= 0xe000 && c <= 0xf8ff) score -= 10; // private use: user-defined areas of Big5/CP949
    else if (c >= 0xff61 && c <= 0xff9f) score -= 3; // half-width katakana: what Korean or Chinese bytes look like in Shift_JIS
    else if (encoding === 'cp949') score += KO_FREQUENT.has(ch) ? 4 : isHangul(c) ? 2 : isHan(c) ? -1 : 0;
    else if (encoding === 'big5') score += ZH_HANT_FREQUENT.has(ch) ? 4 : isHan(c) ? 0.5 : -1;
    else if (encoding === 'gb18030') score += ZH_HANS_FREQUENT.has(ch) ? 4 : isHan(c) ? 0.5 : isHangul(c) ? -2 : -1;
    else if (encoding === 'shift_jis') score += JA_FREQUENT.has(ch) ? 4 : isKana(c) ? 3 : isHan(c) ? 0.5 : -1;
    else if (encoding === 'windows-1252') score += /\p{L}/u.test(ch) && c >= 0xc0 ? 1.5 : -1;
    else score += 1;
  }
  return counted === 0 ? 0 : score / counted;
}

/** A sample that ends on a line break, so a multi-byte character is not cut in half at its end. */
function sampleOf(bytes: Uint8Array, size: number): Uint8Array {
  if (bytes.length <= size) return bytes;
  let end = size;
  while (end > size - 4096 && bytes[end] !== 0x0a) end--;
  return bytes.subarray(0, bytes[end] === 0x0a ? end : size);
}

/** Scores the legacy candidates on a sample; best first. */
export function rankLegacy(bytes: Uint8Array, decode: Decode): Array<{ encoding: EncodingName; score: number }> {
  const sample = sampleOf(bytes, 256 * 1024);
  return LEGACY_CANDIDATES.map((encoding) => ({ encoding, score: Math.round(plausibility(decode(sample, encoding), encoding) * 100) / 100 })).sort(
    (a, b) => b.score - a.score,
  );
}

export interface Decoded {
  text: string;
  choice: EncodingChoice;
  /** Characters the decoder could not map (U+FFFD that were not in the bytes): shown, never hidden. */
  replacements: number;
  /** Mojibake runs repaired (UTF-8 that had been read as windows-1252 or Latin-1 and saved again). */
  repairs: number;
}

export function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) n++;
  return n;
}

/**
 * Picks the encoding (or takes the override) from the file's first bytes. `sample` should end on a line break when
 * it is not the whole file, so strict UTF-8 validity is not failed by a character cut in half.
 */
export function chooseEncoding(sample: Uint8Array, decode: Decode, override?: EncodingName, utf16Hint?: EncodingName): EncodingChoice {
  const bom = bomOf(sample);
  if (override) return { encoding: override, source: 'override', confidence: 1, candidates: [] };
  if (bom) return { encoding: bom, source: 'bom', confidence: 1, candidates: [] };
  if (utf16Hint) return { encoding: utf16Hint, source: 'detected', confidence: 0.9, candidates: [] };
  if (isValidUtf8(sample)) return { encoding: 'utf-8', source: 'utf8_valid', confidence: 1, candidates: [] };
  const candidates = rankLegacy(sample, decode);
  const [first, second] = candidates;
  const best = first ?? { encoding: 'windows-1252' as const, score: 0 };
  // Confidence from the gap to the runner-up: 2 points per character is a clear win.
  const gap = second ? best.score - second.score : 4;
  return { encoding: best.encoding, source: 'detected', confidence: Math.max(0, Math.min(1, gap / 2)), candidates };
}

/**
 * The first bytes of a longer file, cut after their last line break so no character is cut in half at the end (a
 * line over 64 KB is left as it is).
 */
export function headSample(head: Uint8Array): Uint8Array {
  const from = Math.max(0, head.length - 64 * 1024);
  const nl = head.subarray(from).lastIndexOf(0x0a);
  return nl >= 0 ? head.subarray(0, from + nl + 1) : head;
}

/** Bytes of the byte-order mark to skip: only when it belongs to the chosen encoding (decoders differ on stripping it). */
export function bomLength(bytes: Uint8Array, encoding: EncodingName): number {
  const bom = bomOf(bytes);
  return bom === encoding ? (bom === 'utf-8' ? 3 : 2) : 0;
}

/** Picks the encoding (or takes the override) and decodes the whole file. */
export function decodeText(bytes: Uint8Array, decode: Decode, override?: EncodingName, utf16Hint?: EncodingName): Decoded {
  const choice = chooseEncoding(bytes, decode, override, utf16Hint);
  const skip = bomLength(bytes, choice.encoding);
  let text = decode(skip ? bytes.subarray(skip) : bytes, choice.encoding);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let repairs = 0;
  if (choice.encoding === 'utf-8') {
    const repaired = repairMojibake(text);
    text = repaired.text;
    repairs = repaired.repairs;
  }
  return { text, choice, replacements: countReplacements(text), repairs };
}

// windows-1252's 0x80–0x9F as Unicode; the five bytes it leaves undefined decode to the C1 control of the same value.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const TO_1252 = new Map<string, number>();
for (let i = 0; i < 32; i++) TO_1252.set(CP1252_HIGH[i]!, 0x80 + i); // the string has 32 characters
for (let b = 0xa0; b <= 0xff; b++) TO_1252.set(String.fromCharCode(b), b);
// Latin-1 (ISO-8859-1, what many web tools, databases and scripts mean by "latin1") maps 0x80–0x9F to the C1 controls
// U+0080–U+009F themselves: "이름" through Latin-1 is "ì\u009d´ë¦\u0084", where windows-1252 gives "ì\u009d´ë¦„".
// A C1 control is never real text, so taking it back to its byte cannot damage anything.
for (let b = 0x80; b <= 0x9f; b++) TO_1252.set(String.fromCharCode(b), b);

/** Pure UTF-8 decoder for short, already validated runs. */
function utf8ToString(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!; // i < length
    const need = b < 0x80 ? 0 : b < 0xe0 ? 1 : b < 0xf0 ? 2 : 3;
    let cp = need === 0 ? b : b & (0x3f >> need);
    for (let k = 1; k <= need; k++) cp = (cp << 6) | (bytes[i + k]! & 0x3f); // validated: continuation bytes exist
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

// A run of characters that windows-1252 can encode, starting with a UTF-8 lead byte's character (Â–ô), as
// "ì´ë¦„" (이름) or "Ã©" (é) are.
const MOJIBAKE_RUN = /[\u00c2-\u00f4][\u0080-\u00ff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]+/g;

/**
 * Repairs text that was UTF-8, read as windows-1252 or Latin-1 and saved again ("ì´ë¦„" → "이름"). Only runs whose
 * bytes form valid multi-byte UTF-8 are replaced, so real accented text ("Café", "Müller") is left alone.
 */
export function repairMojibake(text: string): { text: string; repairs: number } {
  if (!/[\u00c2-\u00f4]/.test(text)) return { text, repairs: 0 };
  let repairs = 0;
  const out = text.replace(MOJIBAKE_RUN, (run) => {
    const bytes: number[] = [];
    for (const ch of run) {
      const b = TO_1252.get(ch);
      if (b === undefined) return run;
      bytes.push(b);
    }
    if (!isValidUtf8(Uint8Array.from(bytes))) return run;
    repairs++;
    return utf8ToString(bytes);
  });
  return { text: out, repairs };
}
