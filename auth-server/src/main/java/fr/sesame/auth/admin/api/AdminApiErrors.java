package fr.sesame.auth.admin.api;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import fr.sesame.directory.connector.DirectoryFaultException;

/**
 * Every failure of the admin API's controllers as the API's JSON error, never a stack trace nor Spring's default
 * error page: what the caller got wrong (400, 404, 409, 413, 415), a directory that does not answer (503), and
 * anything unexpected (500, logged here). The controllers read their parameters and bodies themselves, so Spring's
 * own binding errors do not arise.
 */
@RestControllerAdvice(basePackageClasses = AdminApiErrors.class)
class AdminApiErrors {

	private static final Logger logger = LoggerFactory.getLogger(AdminApiErrors.class);

	@ExceptionHandler(AdminApiException.class)
	ResponseEntity<Map<String, Object>> refused(AdminApiException ex) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.status()).contentType(MediaType.APPLICATION_JSON);
		if (ex.wwwAuthenticate() != null) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, ex.wwwAuthenticate());
		}
		return response.body(ex.body());
	}

	@ExceptionHandler(DirectoryFaultException.class)
	ResponseEntity<Map<String, Object>> directoryDown(DirectoryFaultException ex) {
		logger.warn("Admin API: a commune directory did not answer: {}", ex.getMessage());
		return refused(AdminApiException.of(HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable",
				"The commune's directory does not answer; try again later"));
	}

	@ExceptionHandler(RuntimeException.class)
	ResponseEntity<Map<String, Object>> unexpected(RuntimeException ex) {
		logger.error("Admin API request failed", ex);
		return refused(AdminApiException.of(HttpStatus.INTERNAL_SERVER_ERROR, "server_error",
				"The request could not be completed"));
	}

}
