package fr.sesame.auth.admin.console;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import fr.sesame.auth.admin.AdminCaller;

/** Gives console controllers the admin that the {@link ConsoleGate} let in; fails closed anywhere else. */
final class ConsoleCallerArgument implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return AdminCaller.class.equals(parameter.getParameterType());
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		Object caller = webRequest.getAttribute(ConsoleGate.CALLER, RequestAttributes.SCOPE_REQUEST);
		if (!(caller instanceof AdminCaller admin)) {
			throw new IllegalStateException("An AdminCaller parameter outside of /console/**, which the gate guards");
		}
		return admin;
	}

}
