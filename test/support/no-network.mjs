// Preloaded with `node --import` by test/cli/no-network.test.ts: every way Node has to reach the
// network records the call (to the file named by LAYERSPEC_NETWORK_LOG) and throws.
import dgram from 'node:dgram';
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';

const log = process.env.LAYERSPEC_NETWORK_LOG;

function refuse(name) {
  return function refused(...args) {
    const target = typeof args[0] === 'string' || args[0] instanceof URL ? String(args[0]) : JSON.stringify(args[0] ?? null);
    if (log) fs.appendFileSync(log, `${name} ${target}\n`);
    throw new Error(`network access refused in this test: ${name}`);
  };
}

globalThis.fetch = refuse('fetch');
if (globalThis.WebSocket) globalThis.WebSocket = refuse('WebSocket');
if (globalThis.EventSource) globalThis.EventSource = refuse('EventSource');
for (const [mod, name] of [[http, 'http'], [https, 'https']]) {
  mod.request = refuse(`${name}.request`);
  mod.get = refuse(`${name}.get`);
}
http2.connect = refuse('http2.connect');
net.connect = refuse('net.connect');
net.createConnection = refuse('net.createConnection');
net.Socket.prototype.connect = refuse('net.Socket.connect');
tls.connect = refuse('tls.connect');
dgram.createSocket = refuse('dgram.createSocket');
for (const fn of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'reverse']) {
  dns[fn] = refuse(`dns.${fn}`);
  dns.promises[fn] = refuse(`dns.promises.${fn}`);
}
// ESM named imports of the built-ins (import { request } from 'node:http') see the replacements too.
syncBuiltinESMExports();
