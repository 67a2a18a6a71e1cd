'use strict';
// The ONE place that decides how the benchmark load authenticates. driver.js writes every users
// file with the headers from userHeaders(); the wrk scripts and the driver only replay those
// headers, and the driver takes adminHeaders() for the admin endpoints.
//
// The app accepts RS256 access tokens signed with its own key pair, which the local profile
// generates on first start in .local/jwt/ of the checkout (so call this only once the app has
// started). Tokens are minted here with that private key, as the app's login would issue them:
// sub = the user id, roles, iss "policyhub". Users need not be registered: the account endpoints
// only look at the token.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const KEY_FILE = path.join(__dirname, '..', '.local', 'jwt', 'private-key.pem');
const LIFETIME_S = 2 * 3600; // longer than any run
let privateKey;

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

function token(userId, roles) {
  privateKey ??= crypto.createPrivateKey(fs.readFileSync(KEY_FILE));
  const now = Math.floor(Date.now() / 1000);
  const signed = `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url({
    iss: 'policyhub', sub: userId, iat: now, exp: now + LIFETIME_S, roles,
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
