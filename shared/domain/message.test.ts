import { describe, expect, it } from 'vitest';
import { contentKey, type MessageContent } from './message';

describe('contentKey: what counts as the same content', () => {
  const text = (body: string): MessageContent => ({ kind: 'text', body });
  it('the words as written, before variables are filled; spaces and case do not make them new', () => {
    expect(contentKey(text('Hi {name}, tulips are in!'))).toBe(contentKey(text('  hi {name},\n tulips are in! ')));
    expect(contentKey(text('Hi {name}, tulips are in!'))).not.toBe(contentKey(text('Hi {name}, roses are in!')));
    expect(contentKey(text('Hi'))).toMatch(/^[0-9a-f]{16}$/);
  });
  it('a template is its name, language and parameters; media its file and caption', () => {
    const tpl = (params: string[]): MessageContent => ({ kind: 'template', name: 'promo', language: 'ko', bodyParams: params });
    expect(contentKey(tpl(['{{name}}', '20%']))).toBe(contentKey(tpl(['{{name}}', '20%'])));
    expect(contentKey(tpl(['{{name}}', '30%']))).not.toBe(contentKey(tpl(['{{name}}', '20%'])));
    expect(contentKey({ ...tpl([]), language: 'en' } as MessageContent)).not.toBe(contentKey(tpl([])));
    const img = (caption: string): MessageContent => ({ kind: 'media', mediaType: 'image', link: 'https://x.example/a.jpg', caption });
    expect(contentKey(img('New!'))).toBe(contentKey(img('new!')));
    expect(contentKey(img('New!'))).not.toBe(contentKey(text('New!')));
  });
});
