package fr.sesame.auth.mfa.enrolment;

import java.time.Clock;

class InMemoryFactorStoreTest extends FactorStoreContract {

	@Override
	protected FactorStore createStore(Clock clock) {
		return new InMemoryFactorStore(clock);
	}

	@Override
	protected void expirePendingEnrolment(String sub) {
		this.clock.advance(PENDING_TTL);
	}

}
