package fr.sesame.auth.key;

import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The private keys that sign now, one per algorithm. Given to Spring's {@code NimbusJwtEncoder}, which refuses to
 * choose when several keys match a JWS header: with one key per algorithm, the header's {@code alg} picks exactly
 * one. Not a bean: the authorization server must find a single {@code JWKSource}, the {@link PublishedKeys}.
 */
final class ActiveSigningKeys implements JWKSource<SecurityContext> {

	private final SigningKeys keys;

	ActiveSigningKeys(SigningKeys keys) {
		this.keys = keys;
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) {
		return selector.select(this.keys.signing());
	}

}
