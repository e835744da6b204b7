package com.geminigateway.status;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.WebApplicationTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * Renders the status page's Thymeleaf templates ({@code WEB-INF/templates}) with the security headers every
 * page gets: no caching, a strict Content-Security-Policy (only this gateway's own scripts and styles, no
 * inline code, no framing), no MIME sniffing, no referrer.
 */
final class StatusPage {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final JakartaServletWebApplication application;
    private final TemplateEngine engine = new TemplateEngine();

    StatusPage(ServletContext context) {
        application = JakartaServletWebApplication.buildApplication(context);
        WebApplicationTemplateResolver resolver = new WebApplicationTemplateResolver(application);
        resolver.setPrefix("/WEB-INF/templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
        engine.setMessageResolver(new BundleMessages());
    }

    void render(String template, int status, HttpServletRequest request, HttpServletResponse response, Locale locale,
                Map<String, Object> variables) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        secureHeaders(response);
        response.setHeader("Content-Language", locale.toLanguageTag());
        WebContext context = new WebContext(application.buildExchange(request, response), locale, variables);
        engine.process(template, context, response.getWriter());
    }

    static void secureHeaders(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
    }
}
