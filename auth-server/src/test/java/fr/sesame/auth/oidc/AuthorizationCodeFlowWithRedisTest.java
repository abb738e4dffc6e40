package fr.sesame.auth.oidc;

import org.springframework.test.context.ActiveProfiles;

/**
 * The same flow with every store in the real Redis on 127.0.0.1:6379: authorizations, rotated refresh tokens,
 * sessions, keys and throttling counters as production keeps them.
 */
@ActiveProfiles({ "demo", "redis" })
class AuthorizationCodeFlowWithRedisTest extends AuthorizationCodeFlowTest {

}
