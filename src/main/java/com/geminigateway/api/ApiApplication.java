package com.geminigateway.api;

import com.geminigateway.app.Gateway;
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
        // Jersey copies every response into a buffer of its own (8 KB, new for each request) to count its
        // length: a tenth of all the memory a request allocates. Whole answers carry their Content-Length
        // (relay.Answers), and the container sets it on any other small response it holds whole at the end.
        property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, 0);
    }
}
