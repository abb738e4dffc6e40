// Sésame driven by a relying-party library it did not write: openid-client (panva, OpenID certified), with its
// strict checks on and ID token signatures verified against the JWKS. Run by StandardRelyingPartyTest against the
// test's demo server (SESAME_URL); by hand: `npm ci && SESAME_URL=http://localhost:9000 node relying-party.mjs`
// with the demo running. Exits non-zero at the first check that fails.
import * as oidc from 'openid-client';

const issuer = new URL(process.env.SESAME_URL ?? 'http://localhost:9000');
const clientId = 'demo-portal';
const clientSecret = process.env.SESAME_DEMO_PORTAL_SECRET ?? 'demo-portal-secret-change-me-0123456789abcdef';
const redirectUri = 'http://127.0.0.1:9999/callback';
const login = 'jdupont@rivebelle.fr';
const password = 'Sesame-Demo-2026';

function check(condition, what) {
  if (!condition) {
    throw new Error(`check failed: ${what}`);
  }
  console.log(`ok - ${what}`);
}

// A browser's cookie jar for the issuer: enough to carry the login session between requests.
const cookies = new Map();
async function browse(url, init = {}) {
  const headers = { ...init.headers, cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  for (const setCookie of response.headers.getSetCookie()) {
    const pair = setCookie.split(';')[0];
    const at = pair.indexOf('=');
    cookies.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return response;
}

// Follows redirects within the issuer; returns the first redirect to the client, or the page it stopped on.
async function follow(response) {
  for (let hops = 0; hops < 10; hops++) {
    const location = response.headers.get('location');
    if (!location) {
      return { page: response };
    }
    if (location.startsWith(redirectUri)) {
      return { callback: new URL(location) };
    }
    response = await browse(new URL(location, issuer));
  }
  throw new Error('too many redirects');
}

function field(html, name) {
  const input = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];
  return input?.match(/value="([^"]*)"/)?.[1];
}

async function authorize(config, parameters) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri, code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256', state, nonce, ...parameters });
  return { url, verifier, state, nonce };
}

const config = await oidc.discovery(issuer, clientId, clientSecret, undefined,
  { execute: [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks] });
check(config.serverMetadata().issuer === issuer.href.replace(/\/$/, ''), 'discovery names the issuer it was fetched from');
// With this advertised, openid-client refuses any authorization response without the right iss (RFC 9207).
check(config.serverMetadata().authorization_response_iss_parameter_supported === true, 'discovery: iss in authorization responses');

// Sign-in, asking for a scope Sésame does not grant (offline_access): ignored, not fatal (OIDC Core 3.1.2.1).
const request = await authorize(config, { scope: 'openid profile email offline_access' });
let step = await follow(await browse(request.url));
check(step.page?.status === 200, 'the authorization request leads to the login page');
const form = await step.page.text();
const body = new URLSearchParams({ _csrf: field(form, '_csrf'), username: login, password, commune: '' });
step = await follow(await browse(new URL('/login', issuer), {
  method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
check(step.callback !== undefined, 'the login form sends the agent back to the client');

const tokens = await oidc.authorizationCodeGrant(config, step.callback,
  { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce, idTokenExpected: true });
const claims = tokens.claims();
check(claims.iss === config.serverMetadata().issuer && claims.aud === clientId,
  'the ID token is signed by a JWKS key, for this client, from this issuer, with the nonce');
check(claims.commune === 'rivebelle' && claims.preferred_username === 'jdupont' && /^[0-9a-f]{32}$/.test(claims.sub),
  'the ID token names the agent and the commune under an opaque sub');
check(tokens.scope.split(' ').sort().join(' ') === 'email openid profile', 'offline_access was not granted');

const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
check(userinfo.email === claims.email && Array.isArray(userinfo.roles), 'userinfo describes the same agent');

const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token);
check(refreshed.refresh_token && refreshed.refresh_token !== tokens.refresh_token, 'a refresh rotates the refresh token');
check(refreshed.claims()?.sub === claims.sub, 'the refreshed ID token has the same sub');
const replay = await oidc.refreshTokenGrant(config, tokens.refresh_token).then(() => null, (error) => error);
check(replay?.error === 'invalid_grant', 'the used refresh token is refused with invalid_grant');

check((await oidc.tokenIntrospection(config, refreshed.access_token)).active === true, 'introspection: active');
await oidc.tokenRevocation(config, refreshed.access_token);
check((await oidc.tokenIntrospection(config, refreshed.access_token)).active === false,
  'introspection after revocation: inactive');

const machine = await oidc.clientCredentialsGrant(config);
check(typeof machine.access_token === 'string' && machine.id_token === undefined, 'client_credentials: a token, no ID token');

// Single sign-on: prompt=none gets a code while the session lives, login_required once it is ended.
const silent = await authorize(config, { scope: 'openid', prompt: 'none' });
step = await follow(await browse(silent.url));
check(step.callback?.searchParams.has('code'), 'prompt=none gets a code from the single sign-on session');

const logout = oidc.buildEndSessionUrl(config, {
  id_token_hint: refreshed.id_token, post_logout_redirect_uri: 'http://127.0.0.1:9999/', state: 'bye' });
const ended = await browse(logout);
check(ended.status === 302 && ended.headers.get('location') === 'http://127.0.0.1:9999/?state=bye',
  'RP-initiated logout returns to the registered post-logout URI with the state');

const afterLogout = await authorize(config, { scope: 'openid', prompt: 'none' });
step = await follow(await browse(afterLogout.url));
check(step.callback?.searchParams.get('error') === 'login_required', 'after logout prompt=none says login_required');

console.log('All checks passed.');
