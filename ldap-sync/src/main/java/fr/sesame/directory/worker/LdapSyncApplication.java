package fr.sesame.directory.worker;

import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import fr.sesame.directory.sync.DirectorySync;

/**
 * The synchronisation worker on its own: {@code java -jar ldap-sync-exec.jar}. Everything it runs comes from
 * ldap-sync's auto-configurations; this package holds nothing else, so that its component scan finds nothing (and
 * auth-server, which uses ldap-sync as a library, never scans it). Its settings file is {@code ldap-sync.yml}, not
 * {@code application.yml}, so that it can never be mistaken for auth-server's on a shared class path.
 */
@SpringBootApplication
public class LdapSyncApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(LdapSyncApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", "ldap-sync"));
		application.run(args);
	}

	/** A worker with nothing to synchronise is a configuration mistake: say so rather than idle. */
	@Bean
	static SmartInitializingSingleton communesToSynchronise(ObjectProvider<DirectorySync> sync) {
		return () -> {
			if (sync.getIfAvailable() == null) {
				throw new IllegalStateException("Nothing to synchronise: declare the communes under "
						+ "sesame.directory.communes (e.g. --spring.config.additional-location=file:/etc/sesame/communes.yml) "
						+ "and keep sesame.directory.sync.enabled=true");
			}
		};
	}

}
