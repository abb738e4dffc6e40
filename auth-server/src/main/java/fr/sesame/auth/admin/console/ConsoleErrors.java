package fr.sesame.auth.admin.console;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import fr.sesame.auth.admin.api.AdminApiException;
import fr.sesame.directory.connector.DirectoryFaultException;

/**
 * Refusals and failures of console pages as a console page with the status: what does not exist and what the admin
 * may not see alike (404, the same page, so that a commune admin cannot tell them apart), what is forbidden (403), a
 * directory that does not answer (503). Never a stack trace, never the value that was asked for.
 */
@ControllerAdvice(annotations = ConsolePage.class)
class ConsoleErrors {

	private static final Logger logger = LoggerFactory.getLogger(ConsoleErrors.class);

	@ExceptionHandler(AdminApiException.class)
	String refused(AdminApiException ex, HttpServletResponse response, Model model) {
		return page(ex.status(), response, model);
	}

	@ExceptionHandler(DirectoryFaultException.class)
	String directoryDown(DirectoryFaultException ex, HttpServletResponse response, Model model) {
		logger.warn("Console: a commune directory did not answer: {}", ex.getMessage());
		return page(HttpStatus.SERVICE_UNAVAILABLE, response, model);
	}

	static String page(HttpStatus status, HttpServletResponse response, Model model) {
		response.setStatus(status.value());
		model.addAttribute("status", status.value());
		return "console-error";
	}

}
