package fr.sesame.auth.oidc;

import java.net.URI;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param issuer the {@code iss} of every token and the base of discovery; what relying parties configure
 */
@Validated
@ConfigurationProperties("sesame")
public record IssuerProperties(@NotNull @DefaultValue("http://localhost:9000") URI issuer) {

	@AssertTrue(message = "sesame.issuer must be an absolute http(s) URL without query or fragment")
	boolean isIssuerValid() {
		return this.issuer.isAbsolute() && this.issuer.getQuery() == null && this.issuer.getFragment() == null
				&& ("https".equals(this.issuer.getScheme()) || "http".equals(this.issuer.getScheme()));
	}

}
