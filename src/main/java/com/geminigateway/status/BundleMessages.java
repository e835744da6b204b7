package com.geminigateway.status;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.AbstractMessageResolver;

/**
 * The page's texts ({@code #{...}} in templates) from {@code messages.properties} (English) and
 * {@code messages_zh.properties} (Simplified Chinese) next to this class, UTF-8 encoded.
 */
final class BundleMessages extends AbstractMessageResolver {

    static final String BUNDLE = "com.geminigateway.status.messages";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    @Override
    public String resolveMessage(ITemplateContext context, Class<?> origin, String key, Object[] params) {
        return text(context.getLocale(), key, params);
    }

    static String text(Locale locale, String key, Object... params) {
        ResourceBundle bundle;
        try {
            bundle = ResourceBundle.getBundle(BUNDLE, locale, BundleMessages.class.getClassLoader(), NO_FALLBACK);
        } catch (MissingResourceException e) {
            return null;
        }
        if (!bundle.containsKey(key)) {
            return null;
        }
        String pattern = bundle.getString(key);
        return params == null || params.length == 0 ? pattern : new MessageFormat(pattern, locale).format(params);
    }

    @Override
    public String createAbsentMessageRepresentation(ITemplateContext context, Class<?> origin, String key, Object[] params) {
        return "??" + key + "??";
    }
}
