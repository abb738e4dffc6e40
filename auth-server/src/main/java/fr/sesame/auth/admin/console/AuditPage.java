package fr.sesame.auth.admin.console;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.auth.admin.api.AdminAccess;
import fr.sesame.auth.admin.api.AdminApiException;
import fr.sesame.auth.audit.AuditCsv;
import fr.sesame.auth.audit.AuditEntry;
import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditFilters;
import fr.sesame.auth.audit.AuditStore;

/**
 * The audit trail in the console: entries filtered by agent, commune, type and time range, newest first, and the same
 * filters exported as CSV. The filters and the commune scoping are the admin API's ({@link AuditFilters}): a commune
 * admin reads its commune's entries only, and another commune looks like one that does not exist (404, audited).
 */
@Controller
@ConsolePage
class AuditPage {

	private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private final AdminAccess access;

	private final AuditStore store;

	AuditPage(AdminAccess access, AuditStore store) {
		this.access = access;
		this.store = store;
	}

	@GetMapping("/console/audit")
	String entries(@RequestParam(required = false) String agent, @RequestParam(required = false) String commune,
			@RequestParam(required = false) String type, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, AdminCaller caller, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		AuditFilters filters = new AuditFilters(agent, commune, (type != null) ? List.of(type) : null, from, to, null);
		String scoped = scope(caller, filters, request, "audit-read");
		model.addAttribute("filters", filters);
		model.addAttribute("types", Arrays.stream(AuditEventType.values()).map(Enum::name).toList());
		model.addAttribute("syndicate", caller.isSyndicateAdmin());
		model.addAttribute("scoped", scoped);
		try {
			List<AuditEntry> entries = this.store
				.find(filters.query(scoped, AuditFilters.DEFAULT_LIMIT, AuditFilters.MAX_LIMIT));
			model.addAttribute("entries", entries);
			model.addAttribute("limit", AuditFilters.DEFAULT_LIMIT);
		}
		catch (AuditFilters.BadFilter ex) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("badFilter", ex.getMessage());
		}
		return "console-audit";
	}

	@GetMapping("/console/audit.csv")
	ResponseEntity<String> csv(@RequestParam(required = false) String agent,
			@RequestParam(required = false) String commune, @RequestParam(required = false) String type,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			AdminCaller caller, HttpServletRequest request) {
		AuditFilters filters = new AuditFilters(agent, commune, (type != null) ? List.of(type) : null, from, to, null);
		String scoped = scope(caller, filters, request, "audit-export");
		List<AuditEntry> entries;
		try {
			entries = this.store.find(filters.query(scoped, AuditFilters.CSV_DEFAULT_LIMIT, AuditFilters.CSV_MAX_LIMIT));
		}
		catch (AuditFilters.BadFilter ex) {
			// The page shows the same message next to the filters, and offers no export while one is wrong.
			return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body(ex.getMessage());
		}
		return ResponseEntity.ok()
			.contentType(CSV)
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"sesame-audit.csv\"")
			.body(AuditCsv.of(entries));
	}

	// Another commune: the answer of a commune that does not exist (audited).
	private String scope(AdminCaller caller, AuditFilters filters, HttpServletRequest request, String action) {
		String commune = filters.communeFor(caller);
		if (commune != null && !caller.administers(commune)) {
			this.access.denied(caller, request, action, commune, null, "other-commune");
			throw AdminApiException.notFound("No such commune");
		}
		return commune;
	}

}
