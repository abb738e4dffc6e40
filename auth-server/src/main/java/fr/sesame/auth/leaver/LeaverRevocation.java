package fr.sesame.auth.leaver;

import java.util.Map;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.sesame.auth.agent.SubjectIdentifier;
import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.logout.SessionEnd;
import fr.sesame.directory.event.DirectoryEvent;

/**
 * What auth-server does when the synchronisation reports a change of an agent's standing. Handling an event twice
 * does no harm (events are delivered at least once): what is revoked stays revoked.
 * <ul>
 * <li>A leaver (disabled, deleted, out of scope): every authorization of the agent is revoked (refresh tokens,
 * opaque access tokens, codes), each relying party that holds a session gets a back-channel logout token, and the
 * agent's login sessions at auth-server end, so that single sign-on cannot bring the agent back.</li>
 * <li>Roles revoked: the authorizations are revoked and the relying parties logged out the same way, since the
 * tokens they hold carry the roles that were lost; the login session at auth-server stays, so that the agent's next
 * visit signs in again without a password and with the roles that remain.</li>
 * </ul>
 */
public final class LeaverRevocation implements Consumer<DirectoryEvent> {

	private static final Logger logger = LoggerFactory.getLogger(LeaverRevocation.class);

	private final SessionEnd sessionEnd;

	private final AgentHttpSessions httpSessions;

	private final MeterRegistry meters;

	private final AuditTrail audit;

	public LeaverRevocation(SessionEnd sessionEnd, AgentHttpSessions httpSessions, MeterRegistry meters,
			AuditTrail audit) {
		this.sessionEnd = sessionEnd;
		this.httpSessions = httpSessions;
		this.meters = meters;
		this.audit = audit;
	}

	@Override
	public void accept(DirectoryEvent event) {
		String subject = SubjectIdentifier.of(event.communeId(), event.uniqueId());
		String reason = event.type().label();
		this.sessionEnd.agentSignedOutEverywhere(subject, reason);
		int sessions = event.type().leaver() ? this.httpSessions.endAll(subject) : 0;
		this.meters.counter("sesame.leavers.revoked", "commune", event.communeId(), "reason", reason).increment();
		logger.info("Directory change applied: commune={} sub={} reason={} login_sessions_ended={} event={}",
				event.communeId(), subject, reason, sessions, event.id());
		// The event id tells a redelivered event (at least once) from a second revocation.
		this.audit.record(subject, AuditEventType.AGENT_REVOKED, Map.of("commune", event.communeId(), "reason", reason,
				"login-sessions-ended", sessions, "event", event.id()));
	}

}
