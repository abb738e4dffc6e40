package sesame.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The floor of bench/gateway.sh: Spring Cloud Gateway on its own, built from the gateway jar's own libraries (same
 * versions), with one route to the fast upstream and nothing else on the path: no security chain, no session, no
 * policy, no header hygiene, no relay, no rate limit, no access log. Whatever the gateway serves is bounded by what
 * this serves on the same machine; configured by plain-gateway.yml with the gateway's own framework settings.
 */
@SpringBootApplication
public class PlainGateway {

	public static void main(String[] args) {
		SpringApplication.run(PlainGateway.class, args);
	}

}
