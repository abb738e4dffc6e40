package fr.sesame.auth.mfa.passkey;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.CollectedClientDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.ClientDataType;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionAuthenticatorOutput;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A passkey authenticator in software, as a browser and a platform authenticator would answer the page's script:
 * one ES256 key pair (JDK), a random credential id, attestation "none", user presence and verification, a signature
 * counter. It reads Spring's JSON options and writes the JSON that the page's script posts, with webauthn4j's own
 * converters for the CBOR and client data, so that the server verifies exactly what a browser would send.
 */
final class SoftwareAuthenticator {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ObjectConverter CONVERTER = new ObjectConverter();

	private final String origin;

	private final KeyPair keys;

	private final byte[] credentialId = new byte[32];

	private byte[] userHandle;

	private long counter;

	SoftwareAuthenticator(String origin) {
		this.origin = origin;
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			this.keys = generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		new SecureRandom().nextBytes(this.credentialId);
	}

	/** Sets the signature counter back, as a copy of the authenticator made earlier would have it. */
	void rewind(long counter) {
		this.counter = counter;
	}

	String credentialId() {
		return base64(this.credentialId);
	}

	/** {@code navigator.credentials.create()} then the body of {@code POST /webauthn/register}. */
	ObjectNode register(JsonNode options, String label) {
		String rpId = options.path("rp").path("id").asString();
		byte[] challenge = bytes(options.path("challenge"));
		this.userHandle = bytes(options.path("user").path("id"));
		AttestedCredentialData credential = new AttestedCredentialData(new AAGUID(new byte[16]), this.credentialId,
				EC2COSEKey.create((ECPublicKey) this.keys.getPublic(), COSEAlgorithmIdentifier.ES256));
		byte flags = (byte) (AuthenticatorData.BIT_UP | AuthenticatorData.BIT_UV | AuthenticatorData.BIT_AT);
		AuthenticatorData<RegistrationExtensionAuthenticatorOutput> data = new AuthenticatorData<>(sha256(rpId), flags,
				this.counter, credential);
		byte[] attestationObject = new AttestationObjectConverter(CONVERTER)
			.convertToBytes(new AttestationObject(data, new NoneAttestationStatement()));
		byte[] clientData = clientData(ClientDataType.WEBAUTHN_CREATE, challenge, this.origin);

		ObjectNode response = JSON.createObjectNode()
			.put("attestationObject", base64(attestationObject))
			.put("clientDataJSON", base64(clientData));
		response.putArray("transports").add("internal");
		ObjectNode body = JSON.createObjectNode();
		ObjectNode publicKey = body.putObject("publicKey");
		publicKey.set("credential", credential(response));
		publicKey.put("label", label);
		return body;
	}

	/** {@code navigator.credentials.get()} then the body of {@code POST /login/webauthn}. */
	ObjectNode authenticate(JsonNode options) {
		return authenticate(options, this.origin);
	}

	/** As {@link #authenticate(JsonNode)}, as if a page of {@code pageOrigin} had run the ceremony. */
	ObjectNode authenticate(JsonNode options, String pageOrigin) {
		String rpId = options.path("rpId").asString();
		byte[] challenge = bytes(options.path("challenge"));
		this.counter++;
		byte flags = (byte) (AuthenticatorData.BIT_UP | AuthenticatorData.BIT_UV);
		byte[] authenticatorData = new AuthenticatorDataConverter(CONVERTER)
			.convert(new AuthenticatorData<AuthenticationExtensionAuthenticatorOutput>(sha256(rpId), flags, this.counter));
		byte[] clientData = clientData(ClientDataType.WEBAUTHN_GET, challenge, pageOrigin);
		byte[] signature = sign(ByteBuffer.allocate(authenticatorData.length + 32)
			.put(authenticatorData)
			.put(sha256(clientData))
			.array());
		ObjectNode response = JSON.createObjectNode()
			.put("authenticatorData", base64(authenticatorData))
			.put("clientDataJSON", base64(clientData))
			.put("signature", base64(signature))
			.put("userHandle", (this.userHandle != null) ? base64(this.userHandle) : null);
		return credential(response);
	}

	private ObjectNode credential(ObjectNode response) {
		ObjectNode credential = JSON.createObjectNode()
			.put("id", base64(this.credentialId))
			.put("rawId", base64(this.credentialId))
			.put("type", "public-key")
			.put("authenticatorAttachment", "platform");
		credential.set("response", response);
		credential.putObject("clientExtensionResults");
		return credential;
	}

	private static byte[] clientData(ClientDataType type, byte[] challenge, String origin) {
		return new CollectedClientDataConverter(CONVERTER).convertToBytes(
				new CollectedClientData(type, new DefaultChallenge(challenge), new Origin(origin), false, null));
	}

	private byte[] sign(byte[] data) {
		try {
			Signature signature = Signature.getInstance("SHA256withECDSA");
			signature.initSign(this.keys.getPrivate());
			signature.update(data);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] sha256(String value) {
		return sha256(value.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] sha256(byte[] value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String base64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static byte[] bytes(JsonNode base64url) {
		return Base64.getUrlDecoder().decode(base64url.asString());
	}

}
