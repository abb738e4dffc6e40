package fr.sesame.auth.mfa.passkey;

import java.nio.ByteBuffer;
import java.time.Clock;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;

/**
 * What a passkey assertion posted to {@code /login/webauthn} does to the session: it adds the WebAuthn factor to the
 * agent who already signed in with its password, and nothing else. It replaces Spring's
 * {@code WebAuthnAuthenticationProvider}, which would sign in whoever owns the passkey: a passwordless sign-in, or, in
 * a session of another agent, a switch to the passkey's owner (the merge of factors only happens when both names
 * match, spring-security issue 18112). Here:
 * <ul>
 * <li>the session must be a password sign-in ({@code no-password-session} otherwise);</li>
 * <li>the credential must be a registered passkey ({@code wrong} otherwise, as for a bad signature or a replayed
 * challenge) and one of that agent's passkeys, checked before the signature so that another agent's
 * passkey never even has its counter touched ({@code foreign-credential}), and again on the verified owner;</li>
 * <li>the authenticator's signature counter must have moved on since the last use, unless the authenticator keeps
 * none (always 0, as synced passkeys do) ({@code replayed}): Spring's verification compares it with the counter at
 * registration only, so a cloned authenticator would go unnoticed after the first use;</li>
 * <li>the result is the session's own authentication (same type, principal and details, so everything that reads or
 * stores it is unchanged) with the password factor kept and a fresh WebAuthn factor.</li>
 * </ul>
 */
final class PasskeyVerification implements AuthenticationManager {

	private final WebAuthnRelyingPartyOperations relyingParty;

	private final PublicKeyCredentialUserEntityRepository users;

	private final UserCredentialRepository credentials;

	private final PasskeyAccess access;

	private final Clock clock;

	private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	PasskeyVerification(WebAuthnRelyingPartyOperations relyingParty, PublicKeyCredentialUserEntityRepository users,
			UserCredentialRepository credentials, PasskeyAccess access, Clock clock) {
		this.relyingParty = relyingParty;
		this.users = users;
		this.credentials = credentials;
		this.access = access;
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		Authentication current = this.holder.getContext().getAuthentication();
		if (!this.access.passwordSession(current)) {
			throw new PasskeyRefusedException("no-password-session", "anonymous");
		}
		String sub = current.getName();
		RelyingPartyAuthenticationRequest assertion = ((WebAuthnAuthenticationRequestToken) authentication)
			.getWebAuthnRequest();
		Bytes credentialId = assertion.getPublicKey().getRawId();
		CredentialRecord credential = (credentialId != null) ? this.credentials.findByCredentialId(credentialId) : null;
		if (credential == null) {
			throw new PasskeyRefusedException("wrong", sub);
		}
		PublicKeyCredentialUserEntity agent = this.users.findByUsername(sub);
		if (agent == null || !agent.getId().equals(credential.getUserEntityUserId())) {
			throw new PasskeyRefusedException("foreign-credential", sub);
		}
		long presented = signatureCounter(assertion);
		if (presented < 0) {
			throw new PasskeyRefusedException("wrong", sub);
		}
		if ((presented != 0 || credential.getSignatureCount() != 0) && presented <= credential.getSignatureCount()) {
			throw new PasskeyRefusedException("replayed", sub);
		}
		PublicKeyCredentialUserEntity owner;
		try {
			owner = this.relyingParty.authenticate(assertion);
		}
		catch (RuntimeException ex) {
			throw new PasskeyRefusedException("wrong", sub, ex);
		}
		if (!sub.equals(owner.getName())) {
			throw new PasskeyRefusedException("foreign-credential", sub);
		}
		GrantedAuthority factor = FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.WEBAUTHN_AUTHORITY)
			.issuedAt(this.clock.instant())
			.build();
		return current.toBuilder().authorities((authorities) -> {
			authorities.removeIf((authority) -> FactorGrantedAuthority.WEBAUTHN_AUTHORITY.equals(authority.getAuthority()));
			authorities.add(factor);
		}).build();
	}

	// Authenticator data: rp id hash (32 bytes), flags (1), signature counter (4, big-endian), then optional parts.
	private static long signatureCounter(RelyingPartyAuthenticationRequest assertion) {
		Bytes data = assertion.getPublicKey().getResponse().getAuthenticatorData();
		byte[] bytes = (data != null) ? data.getBytes() : new byte[0];
		if (bytes.length < 37) {
			return -1;
		}
		return ByteBuffer.wrap(bytes, 33, 4).getInt() & 0xFFFFFFFFL;
	}

}
