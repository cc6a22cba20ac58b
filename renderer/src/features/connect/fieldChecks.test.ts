import { describe, expect, it } from 'vitest';
import { createTranslator, DICTIONARIES } from '../../i18n';
import {
  checkAccessToken,
  checkAppSecret,
  checkGraphVersion,
  checkPhoneNumberId,
  checkPort,
  checkVerifyToken,
  checkWabaId,
  type CheckProblem,
  type FieldCheck,
} from './fieldChecks';

const PHONE_ID = '106540352242922';
const WABA_ID = '102290129340398';
const TOKEN = `EAAG${'x1Y2z3'.repeat(33)}`;
const SECRET = '0123456789abcdef0123456789ABCDEF';

type Row = [string, string, FieldCheck | null];
const ok: FieldCheck = { tone: 'ok' };
const wrong = (problem: CheckProblem, params?: Record<string, string>): FieldCheck => ({ tone: 'wrong', problem, ...(params ? { params } : {}) });
const unusual = (problem: CheckProblem, params?: Record<string, string>): FieldCheck => ({ tone: 'unusual', problem, ...(params ? { params } : {}) });

describe('Phone number ID', () => {
  it.each<Row>([
    ['empty: nothing shown', '', null],
    ['only spaces: nothing shown', '   ', null],
    ['a 15-digit id looks right', PHONE_ID, ok],
    ['a 16-digit id looks right', '1065403522429221', ok],
    ['spaces around are fine (they are trimmed when saved)', ` ${PHONE_ID} `, ok],
    ['an international phone number is the number, not its id', '+82 10-5555-0100', wrong('id.phoneNumber', { start: '+82' })],
    ['a phone number with a plus and no spaces', '+821055550100', wrong('id.phoneNumber', { start: '+82' })],
    ['a local phone number with dashes', '010-5555-0100', wrong('id.phoneNumber', { start: '010' })],
    ['the id with spaces inside names the space', '106540 352242922', wrong('id.notDigits', { chars: '␣' })],
    ['letters name the letters', '10654O352242922x', wrong('id.notDigits', { chars: 'O x' })],
    ['full-width digits are not digits 0–9', '１０６５４０３５２２４２９２２', wrong('id.notDigits', { chars: '１ ０ ６ ５ ４' })],
    ['an 11-digit number is unusual (maybe the phone number without +)', '01055550100', unusual('id.length', { digits: '11' })],
    ['a 20-digit number is unusual', '12345678901234567890', unusual('id.length', { digits: '20' })],
  ])('%s', (_, value, expected) => {
    expect(checkPhoneNumberId(value, WABA_ID)).toEqual(expected);
  });

  it('the same number as the account id is unusual', () => {
    expect(checkPhoneNumberId(WABA_ID, WABA_ID)).toEqual(unusual('phoneId.sameAsWaba'));
  });
});

describe('WhatsApp Business Account ID', () => {
  it.each<Row>([
    ['empty', '', null],
    ['a 15-digit id', WABA_ID, ok],
    ['a phone number', '+82 10 5555 0100', wrong('wabaId.phoneNumber', { start: '+82' })],
    ['letters', 'WABA102290129340398', wrong('id.notDigits', { chars: 'W A B' })],
    ['too short', '12345', unusual('id.length', { digits: '5' })],
  ])('%s', (_, value, expected) => {
    expect(checkWabaId(value, PHONE_ID)).toEqual(expected);
  });
});

describe('access token', () => {
  it.each<Row>([
    ['empty', '', null],
    ['a system user token looks right', TOKEN, ok],
    ['pasted with a line break at the end is fine', `${TOKEN}\n`, ok],
    ['with "Bearer " in front', `Bearer ${TOKEN}`, wrong('token.bearer')],
    ['with "bearer" in lower case', `bearer ${TOKEN}`, wrong('token.bearer')],
    ['in double quotes', `"${TOKEN}"`, wrong('token.quotes')],
    ['in curly quotes from a document', `“${TOKEN}”`, wrong('token.quotes')],
    ['broken over two lines', `${TOKEN.slice(0, 80)}\n${TOKEN.slice(80)}`, wrong('token.spaces')],
    ['the app secret pasted here', SECRET, unusual('token.isAppSecret')],
    ['something that does not start with EAA', `abc${TOKEN}`, unusual('token.prefix', { start: 'abc' })],
    ['cut off', 'EAAGxyz123', unusual('token.short', { length: '10' })],
  ])('%s', (_, value, expected) => {
    expect(checkAccessToken(value)).toEqual(expected);
  });
});

describe('app secret', () => {
  it.each<Row>([
    ['empty', '', null],
    ['32 hex characters look right', SECRET, ok],
    ['with a space inside', `${SECRET.slice(0, 10)} ${SECRET.slice(10)}`, wrong('appSecret.spaces')],
    ['the access token pasted here', TOKEN, unusual('appSecret.isToken')],
    ['characters that are not hex are named', `${SECRET.slice(0, 30)}xz`, unusual('appSecret.chars', { chars: 'x z' })],
    ['31 characters', SECRET.slice(0, 31), unusual('appSecret.length', { length: '31' })],
    ['the App ID (digits, 15 long) is not the secret', '123456789012345', unusual('appSecret.length', { length: '15' })],
  ])('%s', (_, value, expected) => {
    expect(checkAppSecret(value)).toEqual(expected);
  });
});

describe('verify token', () => {
  it.each<Row>([
    ['empty', '', null],
    ['a phrase joined with dashes', 'minji-flowers-2026', ok],
    ['too short to be hard to guess', 'abc', unusual('verifyToken.short')],
    ['Korean letters count as letters', '민지꽃집웹훅확인용', ok],
    ['with spaces (main refuses them)', 'minji flowers', wrong('verifyToken.spaces')],
  ])('%s', (_, value, expected) => {
    expect(checkVerifyToken(value)).toEqual(expected);
  });
});

describe('webhook port', () => {
  it.each<Row>([
    ['empty', '', null],
    ['the default', '47390', ok],
    ['the lowest allowed', '1024', ok],
    ['the highest', '65535', ok],
    ['below 1024', '80', wrong('port.range')],
    ['above 65535', '65536', wrong('port.range')],
    ['written as a quantity', '47,390', wrong('port.range')],
  ])('%s', (_, value, expected) => {
    expect(checkPort(value)).toEqual(expected);
  });
});

describe('Graph API version', () => {
  it.each<Row>([
    ['empty', '', null],
    ['the current one', 'v27.0', ok],
    ['one that still runs', 'v24.0', ok],
    ['one Meta no longer runs', 'v19.0', unusual('version.old')],
    ['without the v', '27.0', wrong('version.shape')],
  ])('%s', (_, value, expected) => {
    expect(checkGraphVersion(value)).toEqual(expected);
  });
});

describe('every problem has words in every language', () => {
  const problems: CheckProblem[] = [
    'id.phoneNumber', 'id.notDigits', 'id.length', 'phoneId.sameAsWaba', 'wabaId.phoneNumber', 'token.bearer', 'token.quotes', 'token.spaces',
    'token.isAppSecret', 'token.prefix', 'token.short', 'appSecret.spaces', 'appSecret.isToken', 'appSecret.chars', 'appSecret.length',
    'verifyToken.spaces', 'verifyToken.short', 'port.range', 'version.shape', 'version.old',
  ];
  it.each(['en', 'ko', 'zh-Hant'] as const)('%s', (language) => {
    for (const p of problems) expect(DICTIONARIES[language][`connect.check.${p}`]).toBeTruthy();
    expect(createTranslator(language).t('connect.check.ok')).not.toBe('connect.check.ok');
  });
});
