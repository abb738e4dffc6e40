package fr.sesame.auth.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;

import fr.sesame.directory.support.CommuneConfig;

/**
 * Declares the communes of a test server. Spring Boot replaces a whole list when one property source sets any of its
 * elements, so a test that needs its own communes declares all of them here, the demo's Rivebelle included.
 */
public final class CommuneRegistration {

	private final DynamicPropertyRegistry registry;

	private int index;

	public CommuneRegistration(DynamicPropertyRegistry registry) {
		this.registry = registry;
	}

	public CommuneRegistration demoRivebelle() {
		Map<String, Object> commune = new LinkedHashMap<>();
		commune.put("id", "rivebelle");
		commune.put("display-name", "Rivebelle");
		commune.put("login-domains[0]", "rivebelle.fr");
		commune.put("flavour", "openldap");
		commune.put("bind-dn", "cn=sesame,ou=services,dc=rivebelle,dc=fr");
		commune.put("bind-password", "Sesame-Service-2026");
		commune.put("user-base", "ou=people,dc=rivebelle,dc=fr");
		commune.put("group-base", "ou=groups,dc=rivebelle,dc=fr");
		commune.put("disabled-filter", "(employeeType=inactive)");
		commune.put("role-mappings.demo-portal.agent[0]", "agents");
		commune.put("embedded.ldif", "classpath:demo/rivebelle.ldif");
		commune.put("embedded.base-dn", "dc=rivebelle,dc=fr");
		return add(commune);
	}

	/** An OpenLDAP-style commune {@code id} whose directory is {@code url}, laid out like testville-directory.ldif. */
	public CommuneRegistration openLdap(String id, String url, Map<String, Object> extra) {
		Map<String, Object> commune = new LinkedHashMap<>();
		commune.put("id", id);
		commune.put("display-name", id);
		commune.put("login-domains[0]", id + ".fr");
		commune.put("flavour", "openldap");
		commune.put("urls[0]", url);
		commune.put("bind-dn", "cn=sesame,ou=services,dc=testville,dc=fr");
		commune.put("bind-password", "test-service-secret");
		commune.put("user-base", "ou=people,dc=testville,dc=fr");
		commune.put("group-base", "ou=groups,dc=testville,dc=fr");
		commune.put("role-mappings.demo-portal.agent[0]", "agents");
		commune.putAll(extra);
		return add(commune);
	}

	/** A commune as ldap-sync's tests describe it, e.g. {@code SambaDomainController.commune()}. */
	public CommuneRegistration commune(CommuneConfig config) {
		return add(new LinkedHashMap<>(config.keys()));
	}

	private CommuneRegistration add(Map<String, ?> commune) {
		String prefix = "sesame.directory.communes[" + this.index++ + "].";
		commune.forEach((key, value) -> this.registry.add(prefix + key, () -> value));
		return this;
	}

}
