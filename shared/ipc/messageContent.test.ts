import { CAPTION_MAX, TEMPLATE_BODY_MAX, TEXT_BODY_MAX, type MessageContent } from '../domain/message';
import { parserTable } from '../../test/parserTable';
import { parseMessageContent } from './messageContent';

const LINK = 'https://shop.example/spring.jpg';

parserTable<MessageContent>(
  'parseMessageContent',
  (input) => parseMessageContent(input),
  [
    ['a text', { kind: 'text', body: 'Hi' }, { kind: 'text', body: 'Hi' }],
    ['a text keeps its spaces and a link preview', { kind: 'text', body: '  Hi  ', previewUrl: true }, { kind: 'text', body: '  Hi  ', previewUrl: true }],
    ['a text without a link preview drops the flag', { kind: 'text', body: 'Hi', previewUrl: false }, { kind: 'text', body: 'Hi' }],
    ['a text of the longest length', { kind: 'text', body: 'x'.repeat(TEXT_BODY_MAX) }, { kind: 'text', body: 'x'.repeat(TEXT_BODY_MAX) }],
    ['an image by https link', { kind: 'media', mediaType: 'image', link: LINK }, { kind: 'media', mediaType: 'image', link: LINK }],
    [
      'a document by media id, with a caption and a trimmed file name',
      { kind: 'media', mediaType: 'document', id: '1234.5_a-b', caption: ' menu ', filename: ' menu.pdf ' },
      { kind: 'media', mediaType: 'document', id: '1234.5_a-b', caption: ' menu ', filename: 'menu.pdf' },
    ],
    ['a video with both an id and a link keeps the id', { kind: 'media', mediaType: 'video', id: '99', link: LINK }, { kind: 'media', mediaType: 'video', id: '99' }],
    [
      'a template with its parameters',
      { kind: 'template', name: 'order_ready_2', language: 'ko', bodyParams: ['Mina', ' 3 '] },
      { kind: 'template', name: 'order_ready_2', language: 'ko', bodyParams: ['Mina', ' 3 '] },
    ],
    [
      'a template with a header image and a trimmed language',
      { kind: 'template', name: 'spring', language: ' zh_HK ', bodyParams: [], headerMedia: { type: 'image', link: LINK } },
      { kind: 'template', name: 'spring', language: 'zh_HK', bodyParams: [], headerMedia: { type: 'image', link: LINK } },
    ],
  ],
  [
    ['text instead of an object', 'Hi', 'content', 'content must be an object.'],
    ['a list', [], 'content', 'content must be an object.'],
    ['a kind it does not know', { kind: 'sms', body: 'Hi' }, 'content', 'content.kind must be text, media or template.'],
    ['an empty text', { kind: 'text', body: '' }, 'content.body', 'content.body is required.'],
    ['a text of spaces only', { kind: 'text', body: '   ' }, 'content', 'content.body is empty.'],
    ['a text that is too long', { kind: 'text', body: 'x'.repeat(TEXT_BODY_MAX + 1) }, 'content.body', `content.body is longer than ${TEXT_BODY_MAX} characters.`],
    ['a text body that is not text', { kind: 'text', body: 5 }, 'content.body', 'content.body must be text.'],
    ['a text with a caption', { kind: 'text', body: 'Hi', caption: 'x' }, 'caption', 'Unknown field "caption".'],
    ['audio', { kind: 'media', mediaType: 'audio', link: LINK }, 'content.mediaType', 'content.mediaType must be one of: image, video, document.'],
    ['media over http', { kind: 'media', mediaType: 'image', link: 'http://shop.example/a.jpg' }, 'content', 'content: media needs an https link or an uploaded media id.'],
    ['media with neither link nor id', { kind: 'media', mediaType: 'image' }, 'content', 'content: media needs an https link or an uploaded media id.'],
    ['a media id with a slash', { kind: 'media', mediaType: 'image', id: 'a/b' }, 'content', 'content: media needs an https link or an uploaded media id.'],
    ['a caption that is too long', { kind: 'media', mediaType: 'image', link: LINK, caption: 'x'.repeat(CAPTION_MAX + 1) }, 'content.caption', `content.caption is longer than ${CAPTION_MAX} characters.`],
    ['an empty file name', { kind: 'media', mediaType: 'document', link: LINK, filename: '  ' }, 'content.filename', 'content.filename is required.'],
    ['media with a body', { kind: 'media', mediaType: 'image', link: LINK, body: 'x' }, 'body', 'Unknown field "body".'],
    ['a template name with capitals and spaces', { kind: 'template', name: 'Order Ready', language: 'en', bodyParams: [] }, 'content', 'content.name must be a template name (a-z, 0-9, _).'],
    ['a template without a name', { kind: 'template', language: 'en', bodyParams: [] }, 'content.name', 'content.name must be text.'],
    ['a one-letter language', { kind: 'template', name: 'spring', language: 'k', bodyParams: [] }, 'content.language', 'content.language is required.'],
    ['parameters that are not a list', { kind: 'template', name: 'spring', language: 'en', bodyParams: 'Mina' }, 'content', 'content.bodyParams must be a list.'],
    ['more than 100 parameters', { kind: 'template', name: 'spring', language: 'en', bodyParams: Array(101).fill('a') }, 'content', 'content.bodyParams must be a list.'],
    ['a parameter that is a number', { kind: 'template', name: 'spring', language: 'en', bodyParams: [3] }, 'content.bodyParams', 'content.bodyParams must be text.'],
    ['a parameter that is too long', { kind: 'template', name: 'spring', language: 'en', bodyParams: ['x'.repeat(TEMPLATE_BODY_MAX + 1)] }, 'content.bodyParams', `content.bodyParams is longer than ${TEMPLATE_BODY_MAX} characters.`],
    ['a header that is not an object', { kind: 'template', name: 'spring', language: 'en', bodyParams: [], headerMedia: LINK }, 'content', 'content.headerMedia must be an object.'],
    ['a header of a kind it does not know', { kind: 'template', name: 'spring', language: 'en', bodyParams: [], headerMedia: { type: 'sticker', link: LINK } }, 'content.headerMedia.type', 'content.headerMedia.type must be one of: image, video, document.'],
    ['a header without media', { kind: 'template', name: 'spring', language: 'en', bodyParams: [], headerMedia: { type: 'image' } }, 'content.headerMedia', 'content.headerMedia: media needs an https link or an uploaded media id.'],
    ['a template with a footer', { kind: 'template', name: 'spring', language: 'en', bodyParams: [], footer: 'x' }, 'footer', 'Unknown field "footer".'],
  ],
);

parserTable<MessageContent>(
  'parseMessageContent names the field it was given (version B)',
  (input) => parseMessageContent(input, 'contentB'),
  [['a text', { kind: 'text', body: 'B' }, { kind: 'text', body: 'B' }]],
  [
    ['nothing', undefined, 'contentB', 'contentB must be an object.'],
    ['an empty text', { kind: 'text', body: '' }, 'contentB.body', 'contentB.body is required.'],
  ],
);
