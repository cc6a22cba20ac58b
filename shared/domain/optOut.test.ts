import { describe, expect, it } from 'vitest';
import { classifyReply } from './optOut';

describe('opt-out replies (DOMAIN.md §4)', () => {
  it.each([
    ['STOP', 'stop'],
    ['stop', 'stop'],
    ['Stop.', 'stop'],
    ['  STOP!!! ', 'stop'],
    ['S T O P', 'stop'],
    ['ＳＴＯＰ', 'stop'],
    ['"stop"', 'stop'],
    ['UNSUBSCRIBE', 'unsubscribe'],
    ['Unsubscribe 🙏', 'unsubscribe'],
    ['수신거부', '수신거부'],
    ['수신 거부', '수신거부'],
    ['수신거부.', '수신거부'],
    ['停止', '停止'],
    ['停止。', '停止'],
    ['退訂', '退訂'],
    ['取消訂閱', '取消訂閱'],
    ['取消 訂閱！', '取消訂閱'],
    // Invisible characters read as nothing: a zero-width space, joiners, a word joiner, a soft hyphen, a BOM, a bidi mark.
    ['S\u200bTOP', 'stop'],
    ['ST\u200c\u200dOP', 'stop'],
    ['\ufeffSTOP\u2060', 'stop'],
    ['UN\u00adSUBSCRIBE', 'unsubscribe'],
    ['수신\u200b거부', '수신거부'],
    ['\u200f停止', '停止'],
    ['STOP\ufe0f', 'stop'],
  ])('"%s" alone is an opt-out', (text, word) => {
    expect(classifyReply(text)).toEqual({ kind: 'opt_out', word });
  });

  it.each([
    ['주문 취소해 주세요', '취소'],
    ['취소', '취소'],
    ['Please stop sending me these', 'stop'],
    ['How do I unsubscribe?', 'unsubscribe'],
    ['수신 거부 하고 싶어요', '수신거부'],
    ['請停止發送', '停止'],
    ['I want to cancel my order', 'cancel'],
    ['退订', '退订'],
    ['Please s\u200btop sending', 'stop'],
  ])('"%s" mentions %s inside a longer message: flagged, not an opt-out', (text, word) => {
    expect(classifyReply(text)).toEqual({ kind: 'flagged', word });
  });

  it.each(['Thanks!', 'unstoppable deals', 'Where is my order?', '감사합니다', '', '   '])('"%s" is neither', (text) => {
    expect(classifyReply(text)).toEqual({ kind: 'none' });
  });
});
