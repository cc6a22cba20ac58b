import { describe, expect, it } from 'vitest';
import { fillAutomatedAnswer } from './fill';

describe('filling an automated answer', () => {
  it.each([
    ['profile name and shop', '{name}님, {shop}입니다. 주문하신 상품은 오늘 출발해요.', { profileName: '김민지', shopName: '민지 꽃집', language: 'ko' }, '김민지님, 민지 꽃집입니다. 주문하신 상품은 오늘 출발해요.'],
    ['no profile name: the fallback in the answer’s language', '{name}님, 배송 조회는 여기서 하세요.', { shopName: '민지 꽃집', language: 'ko' }, '고객님, 배송 조회는 여기서 하세요.'],
    ['an empty profile name counts as none', 'Hi {name}!', { profileName: '  ', shopName: 'Bloom', language: 'en' }, 'Hi customer!'],
    ['no shop name yet', '{shop}感謝您的訊息', { shopName: '', language: 'zh-Hant' }, '本店感謝您的訊息'],
    ['a contact field main does not have is left out with its space', 'Hi {name}, see you in {city}!', { profileName: 'Tom', shopName: 'Bloom', language: 'en' }, 'Hi Tom, see you in!'],
    ['double braces are not variables', 'Code {{1}} for {name}', { profileName: 'Tom', shopName: 'Bloom', language: 'en' }, 'Code {{1}} for Tom'],
    ['no variables: unchanged', 'We open at 10:00.', { shopName: 'Bloom', language: 'en' }, 'We open at 10:00.'],
  ] as const)('%s', (_name, text, o, expected) => {
    expect(fillAutomatedAnswer(text, o)).toBe(expected);
  });
});
