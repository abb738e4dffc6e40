package fr.sesame.auth.web;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * TRACE is refused by Spring Security's firewall, as every method it does not know is ({@link RejectedRequests}: 400
 * with the security headers, nothing of the request repeated). Tomcat's own refusal came first, as a 405 without
 * those headers and with an {@code Allow} header naming PUT and DELETE, which scanners report as methods the server
 * accepts. Tomcat now lets TRACE through to the firewall; nothing behind it answers TRACE.
 */
@Component
public final class TraceRefused implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addConnectorCustomizers((connector) -> connector.setAllowTrace(true));
	}

}
