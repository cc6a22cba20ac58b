import { describe, expect, it } from 'vitest';
import { callFrame, eventFrame, parseCallFrame, parseHostFrame, resultFrame } from './wsFrames';

describe('parseCallFrame (what the host accepts from a page)', () => {
  it.each([
    [callFrame(1, 'app:info', undefined), { ok: true, id: 1, channel: 'app:info', input: undefined }],
    [callFrame(7, 'campaign:get', { id: 'c1' }), { ok: true, id: 7, channel: 'campaign:get', input: { id: 'c1' } }],
    ['{"t":"call","id":3,"channel":42}', { ok: true, id: 3, channel: 42, input: undefined }], // the channel is dispatch's to refuse
    ['{"t":"hello","id":5}', { ok: false, id: 5, result: { ok: false, error: { code: 'invalid_input', message: 'Unknown message type.' } } }],
    ['{"t":"call","channel":"app:info"}', undefined], // no id: nobody to answer
    ['{"t":"call","id":1.5,"channel":"app:info"}', undefined],
    [`{"t":"call","id":${2 ** 60},"channel":"app:info"}`, undefined],
    ['[1,2]', undefined],
    ['null', undefined],
    ['not json', undefined],
  ])('%s', (text, expected) => expect(parseCallFrame(text)).toEqual(expected));
});

describe('parseHostFrame (what the page accepts from the host)', () => {
  it.each([
    [JSON.stringify(resultFrame(4, { ok: true, value: 1 })), { t: 'result', id: 4, result: { ok: true, value: 1 } }],
    [JSON.stringify(eventFrame({ seq: 1 })), { t: 'event', event: { seq: 1 } }],
    ['{"t":"result","id":"4"}', undefined],
    ['{"t":"call","id":4}', undefined],
    ['{}', undefined],
    ['garbage', undefined],
  ])('%s', (text, expected) => expect(parseHostFrame(text)).toEqual(expected));
});
