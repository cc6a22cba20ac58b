import { describe, expect, it } from 'vitest';
import { CAPTION_MAX, type MediaType } from '../message';
import { guessMediaType, mediaAnswer } from './answerMedia';

describe('mediaAnswer: a link in an answer', () => {
  it.each<[string, { link: string; caption: string; type?: MediaType }, unknown]>([
    ['a picture by its extension, with a caption', { link: 'https://shop.example/p/red-bag.JPG', caption: '빨간 가방이에요' }, { kind: 'media', mediaType: 'image', link: 'https://shop.example/p/red-bag.JPG', caption: '빨간 가방이에요' }],
    ['a video, spaces around the link dropped, an empty caption left out', { link: '  https://cdn.example/v/demo.mp4?x=1  ', caption: '  ' }, { kind: 'media', mediaType: 'video', link: 'https://cdn.example/v/demo.mp4?x=1' }],
    ['a document keeps its file name (decoded)', { link: 'https://shop.example/files/%EB%A9%94%EB%89%B4.pdf', caption: '' }, { kind: 'media', mediaType: 'document', link: 'https://shop.example/files/%EB%A9%94%EB%89%B4.pdf', filename: '메뉴.pdf' }],
    ['no extension, kind picked', { link: 'https://img.example/abc123', caption: '', type: 'image' }, { kind: 'media', mediaType: 'image', link: 'https://img.example/abc123' }],
    ['the picked kind wins over the extension', { link: 'https://shop.example/a.txt', caption: '', type: 'image' }, { kind: 'media', mediaType: 'image', link: 'https://shop.example/a.txt' }],
  ])('%s', (_why, input, content) => {
    expect(mediaAnswer(input)).toStrictEqual({ ok: true, content });
  });

  it.each<[string, { link: string; caption: string; type?: MediaType }, string]>([
    ['nothing pasted', { link: ' ', caption: 'hi' }, 'empty'],
    ['plain http', { link: 'http://shop.example/a.jpg', caption: '' }, 'not_https'],
    ['not a link', { link: 'shop.example/a.jpg', caption: '' }, 'not_a_link'],
    ['another scheme', { link: 'ftp://shop.example/a.jpg', caption: '' }, 'not_a_link'],
    ['a file on this computer', { link: 'file:///C:/photos/a.jpg', caption: '' }, 'not_a_link'],
    ['a space inside', { link: 'https://shop.example/my photo.jpg', caption: '' }, 'not_a_link'],
    ['credentials in the link', { link: 'https://me:secret@shop.example/a.jpg', caption: '' }, 'not_a_link'],
    ['too long', { link: `https://shop.example/${'a'.repeat(2_000)}.jpg`, caption: '' }, 'too_long'],
    ['a caption over WhatsApp’s limit', { link: 'https://shop.example/a.jpg', caption: 'x'.repeat(CAPTION_MAX + 1) }, 'caption_too_long'],
    ['no extension and no kind picked', { link: 'https://img.example/abc123', caption: '' }, 'pick_type'],
    ['a sound file (not offered yet)', { link: 'https://shop.example/hello.mp3', caption: '' }, 'audio'],
  ])('%s: %s', (_why, input, problem) => {
    expect(mediaAnswer(input)).toStrictEqual({ ok: false, problem });
  });

  it.each([
    ['https://a.example/x.png', 'image'],
    ['https://a.example/x.jpeg#top', 'image'],
    ['https://a.example/clip.3gp', 'video'],
    ['https://a.example/price.xlsx?dl=1', 'document'],
    ['https://a.example/voice.ogg', 'audio'],
    ['https://a.example/', undefined],
    ['https://a.example/x.webp', undefined],
    ['not a link', undefined],
  ] as const)('guessMediaType(%s) is %s', (link, type) => {
    expect(guessMediaType(link)).toBe(type);
  });
});
