package fr.sesame.auth.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The SIEM's copy of the trail: one line per entry on the {@code sesame.audit} logger. The message is the entry's
 * JSON, hash included, from which the chain can be checked outside Sésame (with the chain key); the same values are
 * key-value pairs ({@code audit.seq}, {@code audit.hash}, {@code audit.type}…), which the ECS format writes as JSON
 * members. Kept off the store, this copy also witnesses the newest entries, which a hash chain alone cannot protect
 * against being cut off together with its head.
 */
public final class AuditLogLine {

	private static final Logger logger = LoggerFactory.getLogger("sesame.audit");

	void stored(AuditEntry entry) {
		LoggingEventBuilder line = logger.atInfo()
			.addKeyValue("audit.seq", entry.seq())
			.addKeyValue("audit.hash", entry.hash())
			.addKeyValue("audit.prev", entry.prev());
		describe(line, entry).setMessage(entry::json).log();
	}

	/** The store failed: the event is not in the trail, and this line says so. */
	void unstored(AuditEntry draft, RuntimeException failure) {
		LoggingEventBuilder line = logger.atError().addKeyValue("audit.stored", false);
		describe(line, draft).setMessage(() -> "not stored in the audit trail (" + failure + "): " + draft.json())
			.log();
	}

	private static LoggingEventBuilder describe(LoggingEventBuilder line, AuditEntry entry) {
		line.addKeyValue("audit.type", entry.type()).addKeyValue("audit.principal", entry.principal());
		if (entry.commune() != null) {
			line.addKeyValue("audit.commune", entry.commune());
		}
		if (entry.ip() != null) {
			line.addKeyValue("audit.ip", entry.ip());
		}
		// One member holding the data as JSON: data keys as nested members could collide ("after" and "after.role").
		return line.addKeyValue("audit.data", entry.dataJson());
	}

}
