package fr.sesame.auth.admin.console;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import fr.sesame.auth.admin.AdminCaller;

/**
 * What every console page's template may use besides its own model: {@code admin}, the admin the {@link ConsoleGate}
 * let in (e.g. {@code th:if="${admin.isSyndicateAdmin()}"} for what only a syndicate admin is offered).
 */
@ControllerAdvice(annotations = ConsolePage.class)
class ConsoleModel {

	@ModelAttribute("admin")
	AdminCaller admin(AdminCaller caller) {
		return caller;
	}

}
