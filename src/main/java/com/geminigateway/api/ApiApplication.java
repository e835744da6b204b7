package com.geminigateway.api;

import com.geminigateway.app.Gateway;
import com.geminigateway.relay.Answers;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * What the /v1 and /v1beta applications share: our error mapper, the drain on shutdown, and a lean Jersey.
 * Resources read and write raw JSON bytes themselves, so none of Jersey's optional features is needed; not
 * discovering them (WADL, bean validation, JSON providers found through META-INF/services) takes a quarter
 * of a second off start-up per application on one core.
 */
abstract class ApiApplication extends ResourceConfig {

    ApiApplication(Gateway gateway) {
        register(ApiExceptionMapper.class);
        register(new DrainOnShutdown(gateway));
        // Errors are ours to render: Jersey must not replace them with the container's HTML page.
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        property(ServerProperties.BV_FEATURE_DISABLE, true);
        property(CommonProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
        property(CommonProperties.METAINF_SERVICES_LOOKUP_DISABLE, true);
        // Jersey copies each response it writes into a buffer of its own, new for each request, to learn its
        // length: 8 KB by default, a tenth of all the memory a request allocated. The answers it writes here
        // are at most 4 KB (larger ones go out through relay.Answers' non-blocking output) and errors are
        // short, so 4 KB suffice. Not none: without that buffer Jersey writes straight to the container, and in
        // about one run in four of ChatCompletionsTest one answer never reached its client (cause not found).
        property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, Answers.BLOCKING_WRITE_MAX);
    }
}
