// A real OpenID provider (panva's oidc-provider) on loopback, for the sign-in tests only.
//
// Usage: node tests/oidc/provider.mjs SETTINGS.json
// It listens on 127.0.0.1 on a free port and prints its issuer URL once it answers. The
// settings file is read again for every request, so a test can change it between sign-ins:
//   client_id, client_secret, redirect_uris, post_logout_redirect_uris (read at start),
//   accounts: {login: {email, email_verified, ...claims}},
//   audience: sign ID tokens for this audience instead of the client (a token meant for another),
//   expired: sign ID tokens that expired ten minutes before they were issued,
//   amr: the authentication methods the ID token says were used (["pwd", "mfa"]).
// Nothing is fetched from the network; the development login form stands in for a real one.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const settingsPath = process.argv[2];
const settings = () => JSON.parse(readFileSync(settingsPath, 'utf8'));
const now = () => Math.floor(Date.now() / 1000);

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const start = settings();
  const provider = new Provider(issuer, {
    clients: [{
      client_id: start.client_id,
      client_secret: start.client_secret,
      redirect_uris: start.redirect_uris,
      post_logout_redirect_uris: start.post_logout_redirect_uris,
      response_types: ['code'],
      grant_types: ['authorization_code'],
    }],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    cookies: { keys: ['a-fixed-key-for-the-tests-only'] },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    async findAccount(ctx, id) {
      const claims = settings().accounts[id];
      if (!claims) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...claims }) };
    },
  });

  // The knobs a test turns: who the token is for, whether it has expired, how they signed in.
  const { IdToken } = provider;
  const issue = IdToken.prototype.issue;
  IdToken.prototype.issue = function issueAsTheTestSays(options = {}) {
    if (options.use !== 'idtoken') return issue.call(this, options);
    const knobs = settings();
    if (knobs.amr) this.set('amr', knobs.amr);
    const changed = { ...options };
    if (knobs.expired) changed.expiresAt = now() - 600;
    if (knobs.audience) {
      const client = this.client;
      this.client = new Proxy(client, {
        get: (target, name) => (name === 'clientId' ? knobs.audience : Reflect.get(target, name)),
      });
    }
    return issue.call(this, changed);
  };

  server.on('request', provider.callback());
  console.log(issuer);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
