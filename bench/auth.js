'use strict';
// The ONE place that decides how the benchmark load authenticates. driver.js writes every users
// file with the headers from userHeaders(); the wrk scripts and the driver only replay those
// headers, and the driver takes adminHeaders() for the admin endpoints.
//
// The app accepts RS256 access tokens signed with its own key pair, which the local profile
// generates on first start in .local/jwt/ of the checkout (so call this only once the app has
// started). Tokens are minted here with that private key, as the app's login would issue them:
// sub = the user id, roles, iss "policyhub", aud "policyhub-api", the key's kid (its RFC 7638
// thumbprint) and sid, the sign-in session bench.sh opens for the run (BENCH_SESSION_ID), which every
// request's session check finds open. Users need not be registered: the account endpoints only look
// at the token. BENCH_JWT_KEY names another private key (the four-role topology keeps its own).

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const KEY_FILE = process.env.BENCH_JWT_KEY || path.join(__dirname, '..', '.local', 'jwt', 'private-key.pem');
const LIFETIME_S = 2 * 3600; // longer than any run
let privateKey;

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** RFC 7638: the SHA-256 of the public key's required members in lexical order. */
function keyId(key) {
  const { e, kty, n } = crypto.createPublicKey(key).export({ format: 'jwk' });
  return crypto.createHash('sha256').update(JSON.stringify({ e, kty, n })).digest('base64url');
}

let kid;
function token(userId, roles) {
  privateKey ??= crypto.createPrivateKey(fs.readFileSync(KEY_FILE));
  kid ??= keyId(privateKey);
  const now = Math.floor(Date.now() / 1000);
  const signed = `${base64url({ alg: 'RS256', typ: 'JWT', kid })}.${base64url({
    iss: 'policyhub', aud: ['policyhub-api'], sub: userId, sid: process.env.BENCH_SESSION_ID, iat: now,
    exp: now + LIFETIME_S, roles,
  })}`;
  return `${signed}.${crypto.sign('sha256', Buffer.from(signed), privateKey).toString('base64url')}`;
}

function userHeaders(userId) {
  return { Authorization: `Bearer ${token(userId, ['USER'])}` };
}

let admin;
function adminHeaders() {
  admin ??= { Authorization: `Bearer ${token(crypto.randomUUID(), ['USER', 'ADMIN'])}` };
  return admin;
}

module.exports = { userHeaders, adminHeaders };
