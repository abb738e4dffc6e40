package fr.sesame.directory.connector;

/**
 * Consulted by a sign-in once the agent's entry is found and before binding as it. An account has several names (an
 * Active Directory agent types a {@code sAMAccountName}, a UPN that may differ from it, or either under another login
 * domain of the commune), and counting failed binds per typed name would let each name spend the directory's
 * lockout threshold anew: the guard counts them per entry.
 */
public interface BindGuard {

	/** Binds whenever the password is acceptable to send. */
	BindGuard NONE = new BindGuard() {

		@Override
		public boolean allows(String account) {
			return true;
		}

		@Override
		public void bound(String account, boolean passwordAccepted) {
		}

	};

	/**
	 * Whether the password may be tried on this account now; false refuses the sign-in as
	 * {@link AuthenticationOutcome.Refusal#THROTTLED} without a bind.
	 * @param account the entry's unique id (its DN when it has none): the same whatever name was typed
	 */
	boolean allows(String account);

	/** What the bind said of the password (a disabled or expired account may still have had the right one). */
	void bound(String account, boolean passwordAccepted);

}
