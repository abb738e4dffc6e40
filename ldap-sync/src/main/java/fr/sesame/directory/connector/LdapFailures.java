package fr.sesame.directory.connector;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ErrorType;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ResponseControl;

import fr.sesame.directory.connector.AuthenticationOutcome.Refusal;

/**
 * Reads what a directory's answer means for a sign-in: one {@link Refusal} per failure, so that each maps to one
 * message and one metric label.
 */
final class LdapFailures {

	/** Active Directory puts a Win32 error in the diagnostic message of a failed bind: "…, data 775, v4563". */
	private static final Pattern AD_SUB_CODE = Pattern.compile("\\bdata ([0-9a-fA-F]{3,8})\\b");

	private LdapFailures() {
	}

	/**
	 * The refusal for an operation that failed for a reason other than the agent's credentials: any failed search
	 * (the service account searches, so a missing base or a refused search is the directory's fault too).
	 */
	static Refusal forFault(LDAPException failure) {
		ResultCode code = failure.getResultCode();
		if (code == ResultCode.TIMEOUT || code == ResultCode.TIME_LIMIT_EXCEEDED) {
			return Refusal.DIRECTORY_TIMEOUT;
		}
		return Refusal.DIRECTORY_UNAVAILABLE;
	}

	/** The refusal for a failed agent bind. */
	static Refusal forBind(LDAPException failure) {
		ResultCode code = failure.getResultCode();
		if (code == ResultCode.INVALID_CREDENTIALS) {
			return passwordPolicyRefusal(failure.toLDAPResult())
				.or(() -> activeDirectoryRefusal(failure.getDiagnosticMessage()))
				.orElse(Refusal.BAD_CREDENTIALS);
		}
		if (isFault(code)) {
			return forFault(failure);
		}
		// unwillingToPerform, inappropriateAuthentication and the like: refused, with no reason worth telling.
		return Refusal.BAD_CREDENTIALS;
	}

	/** What a successful bind still says about the account (ppolicy: the password expired or must be changed). */
	static Optional<Refusal> forBindSuccess(LDAPResult result) {
		return passwordPolicyRefusal(result);
	}

	/**
	 * Whether a bind failed because of the directory (or the way to it) rather than the credentials: down, busy,
	 * timed out, no pooled connection in time.
	 */
	static boolean isFault(ResultCode code) {
		return !ResultCode.isConnectionUsable(code) || code == ResultCode.TIME_LIMIT_EXCEEDED;
	}

	static Optional<Refusal> activeDirectoryRefusal(String diagnostic) {
		if (diagnostic == null) {
			return Optional.empty();
		}
		Matcher matcher = AD_SUB_CODE.matcher(diagnostic);
		if (!matcher.find()) {
			return Optional.empty();
		}
		return switch (matcher.group(1).toLowerCase(Locale.ROOT)) {
			case "533" -> Optional.of(Refusal.DISABLED);
			case "775" -> Optional.of(Refusal.LOCKED);
			// 701: account expired; 532: password expired; 773: password must be reset.
			case "701", "532", "773" -> Optional.of(Refusal.EXPIRED);
			default -> Optional.empty();
		};
	}

	private static Optional<Refusal> passwordPolicyRefusal(LDAPResult result) {
		DraftBeheraLDAPPasswordPolicy10ResponseControl control;
		try {
			control = DraftBeheraLDAPPasswordPolicy10ResponseControl.get(result);
		}
		catch (LDAPException malformed) {
			return Optional.empty();
		}
		if (control == null || control.getErrorType() == null) {
			return Optional.empty();
		}
		DraftBeheraLDAPPasswordPolicy10ErrorType error = control.getErrorType();
		return switch (error) {
			case ACCOUNT_LOCKED -> Optional.of(Refusal.LOCKED);
			case PASSWORD_EXPIRED, CHANGE_AFTER_RESET -> Optional.of(Refusal.EXPIRED);
			default -> Optional.empty();
		};
	}

}
