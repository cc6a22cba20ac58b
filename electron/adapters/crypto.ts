/** Node's HMAC-SHA256 for the `HmacSha256` port (services/ports.ts): the webhook signature check. */
import { createHmac } from 'node:crypto';
import type { HmacSha256 } from '../services/ports';

export const nodeHmacSha256: HmacSha256 = (key, data) => createHmac('sha256', key).update(data).digest();
