package com.geminigateway.admin;

import com.geminigateway.api.ApiExceptionMapper;
import com.geminigateway.app.Gateway;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Context;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** The administration API under /admin/api (the password as Bearer token, see AdminAuthFilter). */
public final class AdminApplication extends ResourceConfig {

    public AdminApplication(@Context ServletContext servletContext) {
        Gateway gateway = Gateway.from(servletContext);
        register(new KeysAdminResource(gateway.pool(), gateway::reloadKeys));
        register(new UsageAdminResource(gateway.pool()));
        register(ApiExceptionMapper.class);
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
    }
}
