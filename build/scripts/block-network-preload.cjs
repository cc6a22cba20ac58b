// Loaded with `node --require` by electronegativity.test.ts to prove the security scan stays on this machine.
// Every way Node code reaches another host goes through one of the functions replaced here: http(s).request/get
// (got, most clients), net.Socket#connect (which net.connect, tls.connect, http agents and fetch/undici all end
// in) and dns.lookup (a name lookup alone already leaves the machine). A call for a host other than this machine
// throws, and is written down first, one JSON line per attempt, to the file named by SHOPCAST_NET_LOG: the scanner
// catches errors from its requests and carries on, so the throw alone would go unnoticed.
'use strict';
const { appendFileSync } = require('node:fs');
const dns = require('node:dns');
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** @param {string} via @param {unknown} host */
function refuse(via, host) {
  const line = JSON.stringify({ via, host: String(host) });
  const log = process.env.SHOPCAST_NET_LOG;
  if (log) appendFileSync(log, `${line}\n`);
  process.stderr.write(`block-network-preload: refused ${via} to ${String(host)}\n`);
  throw new Error(`outbound network blocked in this test: ${via} to ${String(host)}`);
}

/** @param {unknown} host */
const isLocal = (host) => host === undefined || host === null || host === '' || LOCAL_HOSTS.has(String(host).toLowerCase());

/** @param {unknown} value @param {string} key @returns {unknown} */
const field = (value, key) => (typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined);

/** The host an http(s).request call is for: (url | options, [options], [callback]). @param {unknown[]} args */
function requestHost(args) {
  const [first, second] = args;
  if (typeof first === 'string' || first instanceof URL) return new URL(String(first)).hostname;
  const options = typeof first === 'object' && first !== null ? first : second;
  return field(options, 'hostname') ?? field(options, 'host');
}

for (const [name, mod] of /** @type {const} */ ([['http', http], ['https', https]])) {
  for (const fn of /** @type {const} */ (['request', 'get'])) {
    const real = mod[fn];
    mod[fn] = /** @type {typeof real} */ (
      function guarded(/** @type {unknown[]} */ ...args) {
        const host = requestHost(args);
        if (!isLocal(host)) refuse(`${name}.${fn}`, host);
        return Reflect.apply(real, this, args);
      }
    );
  }
}

const realConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = /** @type {typeof realConnect} */ (
  function guardedConnect(/** @type {unknown[]} */ ...args) {
    // Called as (options[, cb]), (port[, host][, cb]), (path[, cb]) or, from net.connect, with one array of those.
    const normalized = Array.isArray(args[0]) ? args[0] : args;
    const [first, second] = normalized;
    const path = typeof first === 'string' ? first : field(first, 'path');
    const host = typeof first === 'object' && first !== null ? field(first, 'host') : typeof second === 'string' ? second : undefined;
    if (!path && !isLocal(host)) refuse('net.Socket.connect', host);
    return Reflect.apply(realConnect, this, args);
  }
);

const realLookup = dns.lookup;
dns.lookup = /** @type {typeof realLookup} */ (
  function guardedLookup(/** @type {unknown[]} */ ...args) {
    if (!isLocal(args[0])) refuse('dns.lookup', args[0]);
    return Reflect.apply(realLookup, this, args);
  }
);
const realPromisesLookup = dns.promises.lookup;
dns.promises.lookup = async function guardedPromisesLookup(/** @type {unknown[]} */ ...args) {
  if (!isLocal(args[0])) refuse('dns.promises.lookup', args[0]);
  return Reflect.apply(realPromisesLookup, this, args);
};
