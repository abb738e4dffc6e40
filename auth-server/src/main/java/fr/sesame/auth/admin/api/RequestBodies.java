package fr.sesame.auth.admin.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Request bodies read by hand rather than by a message converter, so that a hostile body is bounded in size (read
 * no further than the limit), must be UTF-8, and gets a precise error: not JSON, a duplicate key, an unknown field,
 * a field that is not a string.
 */
final class RequestBodies {

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private RequestBodies() {
	}

	/** The body as UTF-8 text, after checking its Content-Type is one of {@code accepted}. */
	static String text(HttpServletRequest request, int maxBytes, Set<String> accepted) {
		String contentType = request.getContentType();
		MediaType type;
		try {
			type = (contentType != null) ? MediaType.parseMediaType(contentType) : null;
		}
		catch (RuntimeException ex) {
			type = null;
		}
		if (type == null || !accepted.contains(type.getType().toLowerCase(Locale.ROOT) + "/"
				+ type.getSubtype().toLowerCase(Locale.ROOT))) {
			throw AdminApiException.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request",
					"Content-Type must be one of " + String.join(", ", accepted.stream().sorted().toList()));
		}
		if (type.getCharset() != null && !type.getCharset().equals(StandardCharsets.UTF_8)) {
			throw AdminApiException.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request", "The body must be UTF-8");
		}
		if (request.getContentLengthLong() > maxBytes) {
			throw tooLarge(maxBytes);
		}
		byte[] bytes = read(request, maxBytes);
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw AdminApiException.badRequest("The body must be UTF-8");
		}
	}

	/**
	 * A JSON object whose fields are among {@code allowed} and are strings or {@code null}.
	 * @return field → value ({@code null} kept, absent fields left out)
	 */
	static Map<String, String> jsonObject(HttpServletRequest request, int maxBytes, Set<String> allowed) {
		JsonNode node = jsonTree(request, maxBytes);
		Map<String, String> fields = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> field : node.properties()) {
			if (!allowed.contains(field.getKey())) {
				throw AdminApiException.badRequest("Unknown field; expected only "
						+ String.join(", ", allowed.stream().sorted().toList()));
			}
			JsonNode value = field.getValue();
			if (!value.isNull() && !value.isString()) {
				throw AdminApiException.badRequest(field.getKey() + " must be a string");
			}
			fields.put(field.getKey(), value.isNull() ? null : value.stringValue());
		}
		return fields;
	}

	/** A JSON object, of any fields and values: for bodies with lists and booleans, whose caller checks each field. */
	static JsonNode jsonTree(HttpServletRequest request, int maxBytes) {
		String body = text(request, maxBytes, Set.of("application/json", "application/merge-patch+json"));
		JsonNode node;
		try {
			node = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw AdminApiException.badRequest("The body is not valid JSON (or repeats a field)");
		}
		if (node == null || !node.isObject()) {
			throw AdminApiException.badRequest("The body must be a JSON object");
		}
		return node;
	}

	private static byte[] read(HttpServletRequest request, int maxBytes) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try (InputStream in = request.getInputStream()) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				if (bytes.size() + read > maxBytes) {
					throw tooLarge(maxBytes);
				}
				bytes.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static AdminApiException tooLarge(int maxBytes) {
		return AdminApiException.of(HttpStatus.CONTENT_TOO_LARGE, "invalid_request",
				"The body must be at most " + maxBytes + " bytes");
	}

}
