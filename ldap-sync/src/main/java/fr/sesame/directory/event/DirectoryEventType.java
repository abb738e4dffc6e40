package fr.sesame.directory.event;

import java.util.Locale;

/** What happened to an agent in a commune's directory that must change what Sésame lets the agent do. */
public enum DirectoryEventType {

	/** The account was disabled (flag, disabled filter) or expired. */
	DISABLED(true),
	/** The entry was deleted. */
	DELETED(true),
	/** The entry left the synchronised scope (moved out of the user base, or no longer matches the user filter). */
	OUT_OF_SCOPE(true),
	/** The agent is still active but left a group that granted a role. */
	ROLES_REVOKED(false);

	private final boolean leaver;

	DirectoryEventType(boolean leaver) {
		this.leaver = leaver;
	}

	/** Whether the agent must lose every session, not only what a role allowed. */
	public boolean leaver() {
		return this.leaver;
	}

	/** {@code disabled}, {@code deleted}, {@code out_of_scope}, {@code roles_revoked}: the wire and metric name. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static DirectoryEventType ofLabel(String label) {
		return valueOf(label.toUpperCase(Locale.ROOT));
	}

}
