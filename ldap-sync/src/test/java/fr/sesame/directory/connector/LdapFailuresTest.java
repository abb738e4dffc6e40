package fr.sesame.directory.connector;

import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPBindException;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ErrorType;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ResponseControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import fr.sesame.directory.connector.AuthenticationOutcome.Refusal;

import static org.assertj.core.api.Assertions.assertThat;

class LdapFailuresTest {

	@ParameterizedTest
	@CsvSource({ "52e, BAD_CREDENTIALS", "525, BAD_CREDENTIALS", "533, DISABLED", "775, LOCKED", "701, EXPIRED",
			"532, EXPIRED", "773, EXPIRED" })
	void activeDirectorySubCodesOfAFailedBindSayWhy(String subCode, Refusal refusal) {
		String diagnostic = "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data " + subCode
				+ ", v4563";

		assertThat(LdapFailures.forBind(bindFailure(ResultCode.INVALID_CREDENTIALS, diagnostic))).isEqualTo(refusal);
	}

	@Test
	void passwordPolicyControlOfAFailedBindSaysLockedOrExpired() {
		assertThat(LdapFailures.forBind(bindFailure(ResultCode.INVALID_CREDENTIALS, null,
				DraftBeheraLDAPPasswordPolicy10ErrorType.ACCOUNT_LOCKED)))
			.isEqualTo(Refusal.LOCKED);
		assertThat(LdapFailures.forBind(bindFailure(ResultCode.INVALID_CREDENTIALS, null,
				DraftBeheraLDAPPasswordPolicy10ErrorType.PASSWORD_EXPIRED)))
			.isEqualTo(Refusal.EXPIRED);
	}

	@Test
	void passwordThatMustBeChangedAfterASuccessfulBindIsExpired() {
		BindResult success = new BindResult(1, ResultCode.SUCCESS, null, null, null,
				new Control[] { new DraftBeheraLDAPPasswordPolicy10ResponseControl(null, -1,
						DraftBeheraLDAPPasswordPolicy10ErrorType.CHANGE_AFTER_RESET) });

		assertThat(LdapFailures.forBindSuccess(success)).contains(Refusal.EXPIRED);
		assertThat(LdapFailures.forBindSuccess(new BindResult(1, ResultCode.SUCCESS, null, null, null, null))).isEmpty();
	}

	@Test
	void directoryFaultsDuringABindAreNotBlamedOnTheAgent() {
		assertThat(LdapFailures.forBind(bindFailure(ResultCode.CONNECT_ERROR, null)))
			.isEqualTo(Refusal.DIRECTORY_UNAVAILABLE);
		assertThat(LdapFailures.forBind(bindFailure(ResultCode.SERVER_DOWN, null)))
			.isEqualTo(Refusal.DIRECTORY_UNAVAILABLE);
		assertThat(LdapFailures.forBind(bindFailure(ResultCode.TIMEOUT, null))).isEqualTo(Refusal.DIRECTORY_TIMEOUT);
		assertThat(LdapFailures.forBind(bindFailure(ResultCode.UNWILLING_TO_PERFORM, null)))
			.isEqualTo(Refusal.BAD_CREDENTIALS);
	}

	@Test
	void failedSearchesAreDirectoryFaults() {
		assertThat(LdapFailures.forFault(new LDAPException(ResultCode.TIMEOUT))).isEqualTo(Refusal.DIRECTORY_TIMEOUT);
		assertThat(LdapFailures.forFault(new LDAPException(ResultCode.TIME_LIMIT_EXCEEDED)))
			.isEqualTo(Refusal.DIRECTORY_TIMEOUT);
		assertThat(LdapFailures.forFault(new LDAPException(ResultCode.NO_SUCH_OBJECT)))
			.isEqualTo(Refusal.DIRECTORY_UNAVAILABLE);
		assertThat(LdapFailures.forFault(new LDAPException(ResultCode.INSUFFICIENT_ACCESS_RIGHTS)))
			.isEqualTo(Refusal.DIRECTORY_UNAVAILABLE);
	}

	private static LDAPBindException bindFailure(ResultCode code, String diagnostic,
			DraftBeheraLDAPPasswordPolicy10ErrorType... policy) {
		Control[] controls = (policy.length == 0) ? null
				: new Control[] { new DraftBeheraLDAPPasswordPolicy10ResponseControl(null, -1, policy[0]) };
		return new LDAPBindException(new BindResult(1, code, diagnostic, null, null, controls));
	}

}
