package fr.sesame.directory.connector;

import java.util.Objects;

import fr.sesame.directory.agent.Agent;

/**
 * What a commune directory answered to a sign-in attempt. Exactly one reason per attempt, so that each maps to one
 * user-facing message and one metric label.
 */
public sealed interface AuthenticationOutcome {

	/** The metric label and audit reason of this outcome. */
	String reason();

	/** The password was right and the account is usable. */
	record Authenticated(Agent agent) implements AuthenticationOutcome {
		public Authenticated {
			Objects.requireNonNull(agent, "agent");
		}

		@Override
		public String reason() {
			return "success";
		}
	}

	/** Sign-in refused; {@code reason} never tells an agent whether the login exists. */
	record Refused(Refusal refusal) implements AuthenticationOutcome {
		public Refused {
			Objects.requireNonNull(refusal, "refusal");
		}

		@Override
		public String reason() {
			return refusal.label();
		}
	}

	enum Refusal {

		/** Unknown login or wrong password: deliberately the same outcome. */
		BAD_CREDENTIALS("bad_credentials"),
		/** The login or password cannot be sent to a directory (empty, too long, control characters). */
		INVALID_INPUT("invalid_input"),
		DISABLED("disabled"),
		LOCKED("locked"),
		EXPIRED("expired"),
		/** The {@link BindGuard} held the password back: too many failures on this account, under any of its names. */
		THROTTLED("throttled"),
		/** The directory refused the connection or the pool had no connection to give in time. */
		DIRECTORY_UNAVAILABLE("directory_unavailable"),
		/** The directory accepted the request but did not answer within the response timeout. */
		DIRECTORY_TIMEOUT("directory_timeout");

		private final String label;

		Refusal(String label) {
			this.label = label;
		}

		public String label() {
			return this.label;
		}

		/** Whether the directory itself is at fault (not the agent). */
		public boolean isDirectoryFault() {
			return this == DIRECTORY_UNAVAILABLE || this == DIRECTORY_TIMEOUT;
		}

	}

}
