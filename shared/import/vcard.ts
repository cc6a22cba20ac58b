/**
 * vCard 2.1/3.0/4.0 (iPhone, Android, Outlook and Google exports) → one source record per card. Handles folded lines,
 * grouped properties (`item1.TEL`), TYPE parameters, several TELs per card, CATEGORIES as labels, and the
 * quoted-printable names old Android phones write (`N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=ED=99=8D;…`).
 */
import type { Decode, EncodingName, SourceRecord } from './types';

interface Property {
  name: string;
  /** The group of a grouped property (`item1.TEL` → "item1"), '' when none: ties a TEL to its X-ABLabel. */
  group: string;
  params: Map<string, string>;
  value: string;
}

/** Unfolds RFC 6350 continuation lines (CRLF + space/tab) and quoted-printable soft breaks (a line ending in '='). */
function logicalLines(text: string): string[] {
  const physical = text.split(/\r\n|\n|\r/);
  const out: string[] = [];
  for (const line of physical) {
    const last = out.length - 1;
    if ((line.startsWith(' ') || line.startsWith('\t')) && last >= 0) out[last] += line.slice(1);
    else if (last >= 0 && /QUOTED-PRINTABLE/i.test(out[last]!.split(':')[0] ?? '') && out[last]!.endsWith('=')) out[last] = out[last]!.slice(0, -1) + line; // last >= 0
    else out.push(line);
  }
  return out;
}

function parseProperty(line: string): Property | undefined {
  const colon = line.indexOf(':');
  if (colon < 0) return undefined;
  const [head = '', ...paramParts] = line.slice(0, colon).split(';');
  const dot = head.indexOf('.');
  const name = head.slice(dot + 1).toUpperCase(); // drop the group: item1.TEL → TEL
  const group = dot >= 0 ? head.slice(0, dot).toLowerCase() : '';
  const params = new Map<string, string>();
  for (const p of paramParts) {
    const eq = p.indexOf('=');
    // vCard 2.1 writes bare types: TEL;CELL;VOICE:…
    if (eq < 0) params.set('TYPE', `${params.get('TYPE') ?? ''},${p}`.replace(/^,/, ''));
    else {
      const key = p.slice(0, eq).toUpperCase();
      const v = p.slice(eq + 1).replace(/^"|"$/g, '');
      params.set(key, key === 'TYPE' && params.has('TYPE') ? `${params.get('TYPE')},${v}` : v);
    }
  }
  return { name, group, params, value: line.slice(colon + 1) };
}

const CHARSETS: Record<string, EncodingName> = {
  'UTF-8': 'utf-8',
  'EUC-KR': 'cp949',
  CP949: 'cp949',
  BIG5: 'big5',
  GBK: 'gb18030',
  GB2312: 'gb18030',
  GB18030: 'gb18030',
  SHIFT_JIS: 'shift_jis',
  'SHIFT-JIS': 'shift_jis',
};

function textOf(p: Property, decode: Decode): string {
  let value = p.value;
  if ((p.params.get('ENCODING') ?? '').toUpperCase() === 'QUOTED-PRINTABLE') {
    const bytes: number[] = [];
    for (let i = 0; i < value.length; i++) {
      const hex = value.slice(i + 1, i + 3);
      if (value[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else bytes.push(value.charCodeAt(i) & 0xff);
    }
    value = decode(Uint8Array.from(bytes), CHARSETS[(p.params.get('CHARSET') ?? 'UTF-8').toUpperCase()] ?? 'utf-8');
  }
  return value;
}

/** Splits on unescaped separators and unescapes \, \; \n. */
function components(value: string, sep: ';' | ','): string[] {
  const out: string[] = [''];
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!; // i < length
    if (c === '\\' && i + 1 < value.length) {
      const n = value[++i]!; // checked above
      out[out.length - 1] += n === 'n' || n === 'N' ? ' ' : n;
    } else if (c === sep) out.push('');
    else out[out.length - 1] += c;
  }
  return out.map((s) => s.trim());
}

/** A NOTE's text: \n is a line break there (the person's own lines), \, and \; are the characters. */
function unescapeNote(value: string): string {
  return value.replace(/\\([nN,;\\])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c)).trim();
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]/;

/** "홍" + "길동" → "홍길동"; "Smith" + "Anna" → "Anna Smith": CJK names are family name first, without a space. */
export function joinName(given: string, family: string, middle = ''): string {
  if (CJK.test(family + given)) return `${family}${given}`.trim();
  return [given, middle, family].filter(Boolean).join(' ');
}

export function looksLikeVcard(text: string): boolean {
  return /^\s*BEGIN:VCARD/i.test(text.slice(0, 1024));
}

interface Tel {
  value: string;
  group: string;
  types: string[];
  pref: boolean;
}

/** Apple's built-in item labels ("_$!<Mobile>!$_") → "Mobile"; a custom label is the person's own words. */
function itemLabel(raw: string): string {
  return raw.replace(/^_\$!<(.*)>!\$_$/, '$1').trim();
}

const MOBILE_WORDS = /mobile|cell|iphone|휴대|핸드폰|모바일|手機|手机|行動|携帯|ケータイ/i;
const OTHER_LINE = /fax|pager|삐삐|팩스|傳真|传真|ファックス/i;
/** vCard types that say nothing a person would want to read in the notes. */
const SILENT_TYPES = new Set(['voice', 'pref', 'internet', 'x-internet', 'text', 'msg']);

/**
 * Which number of a card to try first: the mobile the card marks preferred, any mobile, the preferred one, an
 * untyped one, a home or work line, and fax or pager last. Lower first. `label` is the card's item label, if any.
 */
function telRank(tel: Tel, label: string): number {
  const mobile = tel.types.some((t) => t === 'cell' || t === 'mobile' || t === 'iphone') || MOBILE_WORDS.test(label);
  const other = tel.types.some((t) => t === 'fax' || t === 'pager') || OTHER_LINE.test(label);
  if (other) return 5;
  if (mobile) return tel.pref ? 0 : 1;
  if (tel.pref) return 2;
  const typed = tel.types.some((t) => !SILENT_TYPES.has(t)) || label !== '';
  return typed ? 4 : 3;
}

/** What the notes call a number: its item label, else its types ("Home", "Work, Fax"). */
function telLabel(tel: Tel, label: string): string {
  if (label !== '') return label;
  return tel.types
    .filter((t) => !SILENT_TYPES.has(t))
    .map((t) => t.charAt(0).toUpperCase() + t.slice(1))
    .join(', ');
}

export function parseVcard(text: string, decode: Decode, maxCards: number): { records: SourceRecord[]; capped: boolean } {
  const records: SourceRecord[] = [];
  let card: { fn: string; n: string; tels: Tel[]; itemLabels: Map<string, string>; labels: string[]; notes: string[] } | undefined;
  let capped = false;
  for (const line of logicalLines(text)) {
    const p = parseProperty(line);
    if (!p) continue;
    if (p.name === 'BEGIN' && /^VCARD$/i.test(p.value.trim())) card = { fn: '', n: '', tels: [], itemLabels: new Map(), labels: [], notes: [] };
    else if (p.name === 'END' && /^VCARD$/i.test(p.value.trim())) {
      if (card) {
        if (records.length === maxCards) {
          capped = true;
          break;
        }
        const labels = card.itemLabels;
        // A stable sort: numbers of the same rank keep the card's order.
        const tels = card.tels
          .map((tel) => ({ tel, label: tel.group ? (labels.get(tel.group) ?? '') : '' }))
          .map((x) => ({ ...x, rank: telRank(x.tel, x.label) }))
          .sort((a, b) => a.rank - b.rank);
        records.push({
          row: records.length + 1,
          name: card.fn || card.n,
          phones: tels.map((x) => x.tel.value),
          phoneLabels: tels.map((x) => telLabel(x.tel, x.label)),
          labels: card.labels,
          optIn: undefined,
          memo: card.notes.join('\n'),
        });
      }
      card = undefined;
    } else if (card) {
      if (p.name === 'FN') card.fn = components(textOf(p, decode), ';').join(' ').trim();
      else if (p.name === 'N') {
        const [family = '', given = '', middle = ''] = components(textOf(p, decode), ';');
        card.n = joinName(given, family, middle);
      } else if (p.name === 'TEL') {
        const types = (p.params.get('TYPE') ?? '').toLowerCase().split(',').map((t) => t.trim()).filter(Boolean);
        // vCard 3.0 says TYPE=pref; 4.0 says PREF=1 (1 is the most preferred).
        const pref = types.includes('pref') || p.params.has('PREF');
        card.tels.push({ value: textOf(p, decode).replace(/^tel:/i, '').trim(), group: p.group, types, pref });
      } else if (p.name === 'X-ABLABEL' && p.group) card.itemLabels.set(p.group, itemLabel(textOf(p, decode)));
      else if (p.name === 'NOTE') {
        const note = unescapeNote(textOf(p, decode));
        if (note !== '') card.notes.push(note);
      } else if (p.name === 'CATEGORIES') card.labels.push(...components(textOf(p, decode), ',').filter(Boolean));
    }
  }
  return { records, capped };
}
