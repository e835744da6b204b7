package com.geminigateway.api;

import com.geminigateway.errors.GatewayException;
import com.geminigateway.errors.GoogleErrors;
import com.geminigateway.errors.OpenAiErrors;
import com.geminigateway.web.ApiRoutes;
import com.geminigateway.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Every error leaving Jersey gets the route's error shape; unexpected ones are logged with the request id. */
public final class ApiExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LogManager.getLogger(ApiExceptionMapper.class);

    @Context
    private HttpServletRequest request;

    @Override
    public Response toResponse(Throwable error) {
        GatewayException e = toGatewayException(error);
        Response response = ApiRoutes.isGoogleRoute(ApiRoutes.pathWithinApp(request))
                ? GoogleErrors.response(e)
                : OpenAiErrors.response(e);
        if (error instanceof NotAllowedException notAllowed) {
            return Response.fromResponse(response).allow(notAllowed.getResponse().getAllowedMethods()).build();
        }
        return response;
    }

    private GatewayException toGatewayException(Throwable error) {
        String path = ApiRoutes.pathWithinApp(request);
        if (error instanceof GatewayException e) {
            return e;
        }
        if (error instanceof NotFoundException) {
            return GatewayException.notFound("Unknown route: " + request.getMethod() + " " + path);
        }
        if (error instanceof NotAllowedException) {
            return new GatewayException(405, "invalid_request_error", "method_not_allowed", null,
                    "Method " + request.getMethod() + " is not allowed on " + path + ".", null);
        }
        if (error instanceof NotSupportedException) {
            return new GatewayException(415, "invalid_request_error", "unsupported_media_type", null,
                    "Send the request body as JSON with 'Content-Type: application/json'.", null);
        }
        if (error instanceof NotAcceptableException) {
            return new GatewayException(406, "invalid_request_error", "not_acceptable", null,
                    "This route answers application/json or text/event-stream.", null);
        }
        if (error instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
            int status = w.getResponse().getStatus();
            return new GatewayException(status, "invalid_request_error", null, null,
                    status == 400 ? "Bad request." : "Request failed with status " + status + ".", null);
        }
        String id = RequestIds.of(request);
        LOG.error("[{}] unexpected error on {} {}", id, request.getMethod(), path, error);
        return new GatewayException(500, "server_error", null, null, "Internal gateway error (request " + id + ").", null);
    }
}
