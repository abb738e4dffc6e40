package fr.sesame.auth.admin.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API's OpenAPI 3.1 document, written by hand next to this class: no generator dependency (springdoc is not
 * among the build's dependencies, and the controllers read their bodies by hand, which a generator could not
 * describe). A test checks that it describes every admin endpoint.
 */
@RestController
class OpenApiController {

	static final String DOCUMENT = "fr/sesame/auth/admin/api/openapi.json";

	private final byte[] document;

	OpenApiController() {
		try (InputStream in = new ClassPathResource(DOCUMENT).getInputStream()) {
			this.document = in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The admin API's OpenAPI document " + DOCUMENT + " is missing", ex);
		}
	}

	@GetMapping("/api/admin/openapi.json")
	ResponseEntity<byte[]> openApi() {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.body(this.document);
	}

}
