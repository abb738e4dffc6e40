package fr.sesame.auth.key;

import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The JWK Set the authorization server publishes at its JWKS endpoint, and that our own decoder verifies with:
 * public parts only, of every key not yet dropped.
 */
public final class PublishedKeys implements JWKSource<SecurityContext> {

	private final SigningKeys keys;

	public PublishedKeys(SigningKeys keys) {
		this.keys = keys;
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) {
		return selector.select(this.keys.published());
	}

}
