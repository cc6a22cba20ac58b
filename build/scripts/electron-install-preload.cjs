// Loaded with `node --require` into Electron's own installer (node_modules/electron/install.js) by
// electron-runtime.mjs. It changes nothing the installer does. It tells start.mjs, one JSON line per event on file
// descriptor 3, which address is fetched, how big the answer is (for the progress line), and why a request failed:
// the installer prints only `err.stack`, which for a network failure is "TypeError: fetch failed" without the cause
// (ENOTFOUND, ECONNREFUSED…) that a person needs to hear.
'use strict';
const { writeSync } = require('node:fs');

/** Synchronous, so a line written just before the installer's `process.exit(1)` is not lost. @param {object} event */
function tell(event) {
  try {
    writeSync(3, `${JSON.stringify(event)}\n`);
  } catch {
    // Started without our channel (by hand): nothing to tell.
  }
}

/** @param {unknown} value @param {string} key @returns {unknown} */
function field(value, key) {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}

const realFetch = globalThis.fetch;
if (typeof realFetch === 'function') {
  globalThis.fetch = async function fetchObserved(input, init) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : String(input && input.url);
    tell({ type: 'request', url });
    try {
      const response = await realFetch(input, init);
      const length = Number(response.headers.get('content-length'));
      tell({
        type: 'response',
        url,
        status: response.status,
        statusText: response.statusText,
        total: Number.isFinite(length) && length > 0 ? length : null,
      });
      return response;
    } catch (error) {
      // fetch's TypeError carries the system error (code ENOTFOUND, message "getaddrinfo ENOTFOUND github.com") as cause.
      const cause = field(error, 'cause');
      tell({
        type: 'error',
        url,
        code: String(field(cause, 'code') ?? field(error, 'code') ?? '') || undefined,
        message: String(field(cause, 'message') ?? field(error, 'message') ?? error),
      });
      throw error;
    }
  };
}
