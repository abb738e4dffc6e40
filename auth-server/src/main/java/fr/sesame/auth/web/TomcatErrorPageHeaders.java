package fr.sesame.auth.web;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Tomcat's own error page, what a request that never reaches Spring gets (an illegal character in the request line, a
 * malformed header), with the headers every other response of auth-server carries. Spring Boot's error report valve
 * (no report, no server version) is replaced by one that adds them; runs after Boot's customizer has added it.
 */
@Component
public final class TomcatErrorPageHeaders
		implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers((context) -> {
			StandardHost host = (StandardHost) context.getParent();
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve.getClass() == ErrorReportValve.class) {
					host.getPipeline().removeValve(valve);
				}
			}
			host.getPipeline().addValve(new HeaderedErrorReportValve());
			// The host adds a valve of this class when it starts unless one is there: ours is (Tomcat's default
			// would show the report and the server's version).
			host.setErrorReportValveClass(HeaderedErrorReportValve.class.getName());
		});
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	public static final class HeaderedErrorReportValve extends ErrorReportValve {

		public HeaderedErrorReportValve() {
			setShowReport(false);
			setShowServerInfo(false);
		}

		@Override
		protected void report(Request request, Response response, Throwable throwable) {
			// Only the page this valve writes itself: a response Spring wrote has its own headers already. No style
			// either: the page's inline style would need 'unsafe-inline', and it reads as well unstyled.
			if (response.getStatus() >= 400 && response.getContentWritten() == 0 && !response.isCommitted()) {
				SecurityHeaders.addToBareErrorResponse(response);
			}
			super.report(request, response, throwable);
		}

	}

}
