package fr.sesame.auth.admin.api;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.sync.LeaversConfirmation;

/**
 * {@code POST /api/admin/communes/{commune}/sync/confirmation} with {@code {"held_leavers": 74}}: an admin confirms
 * that a halted commune may deprovision the leavers it holds back ({@link SyncConfirmations}). Syndicate admins for
 * every commune, commune admins for their own; 202, since the worker applies it at its next pass.
 */
@RestController
class SyncConfirmationController {

	private static final int MAX_JSON_BYTES = 1024;

	private final AdminAccess access;

	private final SyncConfirmations confirmations;

	SyncConfirmationController(AdminAccess access, SyncConfirmations confirmations) {
		this.access = access;
		this.confirmations = confirmations;
	}

	@PostMapping(path = "/api/admin/communes/{communeId}/sync/confirmation", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> confirm(@PathVariable String communeId, @AuthenticationPrincipal Jwt token,
			HttpServletRequest request) {
		AdminCaller caller = this.access.caller(token, request, SyncConfirmations.ACTION);
		Commune commune = this.access.commune(caller, communeId, request, SyncConfirmations.ACTION);
		long seen = heldLeavers(RequestBodies.jsonTree(request, MAX_JSON_BYTES));
		LeaversConfirmation confirmation = this.confirmations.confirm(caller, commune, seen, request, "api");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("commune", commune.id());
		body.put("halted_since", confirmation.haltedSince().toString());
		body.put("held_leavers", confirmation.leavers());
		body.put("confirmed_at", confirmation.confirmedAt().toString());
		body.put("detail", "The commune's next full pass may deprovision up to " + confirmation.leavers()
				+ " leavers; more halts it again");
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
	}

	/** {@code held_leavers}, the only field: a whole number of at least 1. */
	private static long heldLeavers(JsonNode body) {
		for (String field : body.propertyNames()) {
			if (!field.equals("held_leavers")) {
				throw AdminApiException.badRequest("Unknown field; expected only held_leavers");
			}
		}
		JsonNode value = body.get("held_leavers");
		if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 1) {
			throw AdminApiException.badRequest(
					"held_leavers must be the number of leavers the halted commune shows (a whole number, at least 1)");
		}
		return value.longValue();
	}

}
