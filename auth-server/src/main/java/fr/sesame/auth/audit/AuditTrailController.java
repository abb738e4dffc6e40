package fr.sesame.auth.audit;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import fr.sesame.auth.admin.AdminCaller;

/**
 * The audit trail in the admin API: entries as JSON or CSV, filtered by agent, commune, type and time, newest first,
 * and the check of the chain. A commune admin reads its commune's entries only, whatever it asks: another commune's
 * answer is a 404, as for a commune that does not exist. Checking the chain reads every commune's entries: syndicate
 * admins only. Every refusal is audited.
 */
@RestController
class AuditTrailController {

	static final int DEFAULT_LIMIT = AuditFilters.DEFAULT_LIMIT;

	static final int MAX_LIMIT = AuditFilters.MAX_LIMIT;

	static final int CSV_DEFAULT_LIMIT = AuditFilters.CSV_DEFAULT_LIMIT;

	static final int CSV_MAX_LIMIT = AuditFilters.CSV_MAX_LIMIT;

	private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private final AuditStore store;

	private final AuditTrail audit;

	private final OAuth2AuthorizationService authorizations;

	AuditTrailController(AuditStore store, AuditTrail audit, OAuth2AuthorizationService authorizations) {
		this.store = store;
		this.audit = audit;
		this.authorizations = authorizations;
	}

	@GetMapping(path = "/api/admin/audit", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> entries(@RequestParam(required = false) String agent,
			@RequestParam(required = false) String commune, @RequestParam(required = false) List<String> type,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) String limit, @AuthenticationPrincipal Jwt token,
			HttpServletRequest request) {
		return read(token, request, "audit-read", new AuditFilters(agent, commune, type, from, to, limit),
				DEFAULT_LIMIT, MAX_LIMIT, (entries) -> {
					Map<String, Object> body = new LinkedHashMap<>();
					body.put("count", entries.size());
					body.put("entries", entries.stream().map(AuditTrailController::json).toList());
					return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
				});
	}

	@GetMapping("/api/admin/audit.csv")
	ResponseEntity<?> csv(@RequestParam(required = false) String agent,
			@RequestParam(required = false) String commune, @RequestParam(required = false) List<String> type,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) String limit, @AuthenticationPrincipal Jwt token,
			HttpServletRequest request) {
		return read(token, request, "audit-export", new AuditFilters(agent, commune, type, from, to, limit),
				CSV_DEFAULT_LIMIT, CSV_MAX_LIMIT, (entries) -> ResponseEntity.ok()
					.contentType(CSV)
					.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"sesame-audit.csv\"")
					.body(AuditCsv.of(entries)));
	}

	@GetMapping(path = "/api/admin/audit/verify", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> verify(@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
		AdminCaller admin = AdminCaller.of(token);
		ResponseEntity<Map<String, Object>> refused = refusal(admin, token, request, "audit-verify");
		if (refused != null) {
			return refused;
		}
		if (!admin.isSyndicateAdmin()) {
			denied(admin, "audit-verify", admin.communeId(), request, "not-syndicate-admin");
			return error(HttpStatus.FORBIDDEN, "forbidden", "Only a syndicate admin checks the whole audit trail");
		}
		AuditVerification verification = this.store.verify();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("ok", verification.ok());
		body.put("checked", verification.checked());
		if (verification.ok()) {
			body.put("firstBroken", null);
		}
		else {
			Map<String, Object> broken = new LinkedHashMap<>();
			broken.put("seq", verification.brokenSeq());
			broken.put("id", verification.brokenId());
			broken.put("problem", verification.problem().label());
			broken.put("detail", verification.detail());
			body.put("firstBroken", broken);
		}
		return ResponseEntity.ok(body);
	}

	@ExceptionHandler(AuditFilters.BadFilter.class)
	ResponseEntity<Map<String, Object>> badFilter(AuditFilters.BadFilter ex) {
		return error(HttpStatus.BAD_REQUEST, "invalid_request", ex.getMessage());
	}

	private <T> ResponseEntity<?> read(Jwt token, HttpServletRequest request, String action, AuditFilters filters,
			int defaultLimit, int maxLimit, Function<List<AuditEntry>, ResponseEntity<T>> answer) {
		AdminCaller admin = AdminCaller.of(token);
		ResponseEntity<Map<String, Object>> refused = refusal(admin, token, request, action);
		if (refused != null) {
			return refused;
		}
		String commune = filters.communeFor(admin);
		if (commune != null && !admin.administers(commune)) {
			denied(admin, action, commune, request, "other-commune");
			return error(HttpStatus.NOT_FOUND, "not_found", "No such commune");
		}
		return answer.apply(this.store.find(filters.query(commune, defaultLimit, maxLimit)));
	}

	/** The refusals every audit endpoint shares: a revoked token, no second factor, no admin role. */
	private ResponseEntity<Map<String, Object>> refusal(AdminCaller admin, Jwt token, HttpServletRequest request,
			String action) {
		// A revoked token (signed out, leaver) stops working now, not at its expiry.
		OAuth2Authorization authorization = this.authorizations.findByToken(token.getTokenValue(),
				OAuth2TokenType.ACCESS_TOKEN);
		if (authorization == null || authorization.getAccessToken() == null
				|| !authorization.getAccessToken().isActive()) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
				.body(Map.of("error", "invalid_token"));
		}
		if (!admin.hasSecondFactor()) {
			denied(admin, action, admin.communeId(), request, "no-second-factor");
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.header(HttpHeaders.WWW_AUTHENTICATE,
						"Bearer error=\"insufficient_user_authentication\", acr_values=\"urn:sesame:loa:mfa\"")
				.body(Map.of("error", "insufficient_user_authentication"));
		}
		if (!admin.isAdmin()) {
			denied(admin, action, admin.communeId(), request, "not-an-admin");
			return error(HttpStatus.FORBIDDEN, "forbidden", "You administer no commune");
		}
		return null;
	}

	private void denied(AdminCaller admin, String action, String commune, HttpServletRequest request,
			String reason) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("action", action);
		if (commune != null) {
			data.put("commune", commune);
		}
		data.put("reason", reason);
		data.put("ip", request.getRemoteAddr());
		this.audit.record(admin.sub(), AuditEventType.ADMIN_DENIED, data);
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String description) {
		return ResponseEntity.status(status).body(Map.of("error", error, "error_description", description));
	}

	static Map<String, Object> json(AuditEntry entry) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("seq", entry.seq());
		json.put("id", entry.id());
		json.put("at", entry.at().toString());
		json.put("type", entry.type());
		json.put("principal", entry.principal());
		json.put("commune", entry.commune());
		json.put("ip", entry.ip());
		json.put("data", entry.data());
		json.put("prev", entry.prev());
		json.put("hash", entry.hash());
		return json;
	}

}
