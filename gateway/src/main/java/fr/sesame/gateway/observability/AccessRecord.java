package fr.sesame.gateway.observability;

import org.springframework.web.server.ServerWebExchange;

import fr.sesame.gateway.policy.AgentIdentity;

/**
 * What the access log and the metrics say about one request, filled in as the request goes: the application, who
 * asked, and what the gateway decided. Holds no token or cookie.
 */
public final class AccessRecord {

	private static final String ATTRIBUTE = AccessRecord.class.getName();

	private volatile String application;

	private volatile String decision;

	private volatile String subject;

	private volatile String login;

	private volatile String commune;

	private volatile String kind;

	/** The record of this request; a detached one when the request started outside the access log. */
	public static AccessRecord of(ServerWebExchange exchange) {
		AccessRecord record = exchange.getAttribute(ATTRIBUTE);
		return (record != null) ? record : new AccessRecord();
	}

	static AccessRecord start(ServerWebExchange exchange) {
		AccessRecord record = new AccessRecord();
		exchange.getAttributes().put(ATTRIBUTE, record);
		return record;
	}

	public void application(String id) {
		this.application = id;
	}

	public void decision(String label) {
		this.decision = label;
	}

	public void kind(String kind) {
		this.kind = kind;
	}

	public void agent(AgentIdentity agent) {
		this.subject = agent.subject();
		this.login = agent.login();
		this.commune = agent.commune();
	}

	public String application() {
		return this.application;
	}

	public String decision() {
		return this.decision;
	}

	public String subject() {
		return this.subject;
	}

	public String login() {
		return this.login;
	}

	public String commune() {
		return this.commune;
	}

	public String kind() {
		return this.kind;
	}

}
