package sesame.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import fr.sesame.gateway.upstream.UpstreamConfiguration;

/**
 * The floor of bench/gateway.sh: Spring Cloud Gateway on its own, built from the gateway jar (same library versions),
 * with one route to the fast upstream and nothing else on the path: no security chain, no session, no policy, no
 * header hygiene, no relay, no rate limit, no access log. It keeps what the gateway changes in the framework itself,
 * so that the floor is the most a gateway on this framework can serve here: the gateway's upstream connections
 * (one pool per event loop, imported below), and, from the gateway's classes on the class path, its
 * {@code spring.factories} settings (one event loop per core, the keep-alive workaround) and its commons-logging
 * level checks. Configured by plain-gateway.yml with the gateway's own framework settings.
 */
@SpringBootApplication
@Import(UpstreamConfiguration.class)
public class PlainGateway {

	public static void main(String[] args) {
		SpringApplication.run(PlainGateway.class, args);
	}

}
