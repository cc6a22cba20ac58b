import { parserTable } from '../../test/parserTable';
import { parseCloudSetupPatch, type CloudSetupPatch } from './cloud';

parserTable<CloudSetupPatch>(
  'parseCloudSetupPatch',
  parseCloudSetupPatch,
  [
    ['nothing to change', {}, {}],
    ['ids with spaces around them, and an empty one (forgets it)', { phoneNumberId: ' 106540352242922 ', wabaId: '' }, { phoneNumberId: '106540352242922', wabaId: '' }],
    ['the Graph API without its trailing slash', { apiBase: 'https://graph.facebook.com/', graphVersion: 'v23.0' }, { apiBase: 'https://graph.facebook.com', graphVersion: 'v23.0' }],
    ['a local API over http on 127.0.0.1', { apiBase: 'http://127.0.0.1:9000' }, { apiBase: 'http://127.0.0.1:9000' }],
    ['a local API over http on localhost', { apiBase: 'http://localhost:9000//' }, { apiBase: 'http://localhost:9000' }],
    [
      'secrets set (trimmed) and forgotten',
      { accessToken: ' EAAGm0PX4ZCpsBA ', appSecret: null, verifyToken: 'tok-1' },
      { accessToken: 'EAAGm0PX4ZCpsBA', appSecret: null, verifyToken: 'tok-1' },
    ],
    ['a secret of the longest length', { appSecret: 'x'.repeat(1_000) }, { appSecret: 'x'.repeat(1_000) }],
    ['a webhook port', { webhookPort: 8787 }, { webhookPort: 8787 }],
    ['the Marketing Messages API on', { marketingMessages: true }, { marketingMessages: true }],
    ['the Marketing Messages API off', { marketingMessages: false }, { marketingMessages: false }],
  ],
  [
    ['nothing', undefined, undefined, 'Expected the Cloud API settings.'],
    ['a field it does not know', { token: 'EAAG' }, 'token', 'Unknown field "token".'],
    ['a phone number id with letters', { phoneNumberId: 'abc' }, 'phoneNumberId', "phoneNumberId is a number of digits from Meta's WhatsApp Manager."],
    ['an account id as a number', { wabaId: 123 }, 'wabaId', "wabaId is a number of digits from Meta's WhatsApp Manager."],
    ['an id of 33 digits', { wabaId: '1'.repeat(33) }, 'wabaId', "wabaId is a number of digits from Meta's WhatsApp Manager."],
    ['an empty API address', { apiBase: ' ' }, 'apiBase', 'apiBase is required.'],
    ['an API address that is not a URL', { apiBase: 'graph.facebook.com' }, 'apiBase', 'apiBase must be a URL.'],
    ['an API over http elsewhere', { apiBase: 'http://graph.facebook.com' }, 'apiBase', 'apiBase must be https (http only for 127.0.0.1).'],
    ['an API over ftp', { apiBase: 'ftp://127.0.0.1' }, 'apiBase', 'apiBase must be https (http only for 127.0.0.1).'],
    ['a Graph version without its v', { graphVersion: '23.0' }, 'graphVersion', 'graphVersion looks like v23.0.'],
    ['a Graph version as a number', { graphVersion: 23 }, 'graphVersion', 'graphVersion looks like v23.0.'],
    ['an empty token', { accessToken: '' }, 'accessToken', 'accessToken is required.'],
    ['a token pasted with a line break inside', { accessToken: 'EAAG\nm0PX' }, 'accessToken', 'accessToken has spaces inside; paste it again without them.'],
    ['a secret that is too long', { appSecret: 'x'.repeat(1_001) }, 'appSecret', 'appSecret is longer than 1000 characters.'],
    ['a verify token as a number', { verifyToken: 42 }, 'verifyToken', 'verifyToken must be text.'],
    ['a privileged webhook port', { webhookPort: 443 }, 'webhookPort', 'webhookPort must be 1024 to 65535.'],
    ['a webhook port as text', { webhookPort: '8787' }, 'webhookPort', 'webhookPort must be 1024 to 65535.'],
    ['the Marketing Messages API as text', { marketingMessages: 'yes' }, 'marketingMessages', 'marketingMessages is true or false.'],
  ],
);
