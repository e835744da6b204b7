package com.geminigateway.api;

import com.geminigateway.auth.ClientPolicy;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.models.ModelCatalog;
import com.geminigateway.relay.NativeRelay;
import com.geminigateway.telemetry.RequestTrace;
import com.geminigateway.translate.ModelNames;
import com.geminigateway.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hc.core5.http.Method;

/**
 * Google's own API under {@code /v1beta/models}, for Google's SDKs, with the gateway's pooled keys. The client
 * authenticates with the gateway password ({@code x-goog-api-key} or {@code ?key=}); that key is removed
 * from what is forwarded, and the gateway's key travels in the header instead. Bodies pass untouched.
 */
@Path("/models")
public final class NativeGeminiResource {

    static final Set<String> ACTIONS = Set.of("generateContent", "streamGenerateContent", "countTokens",
            "embedContent", "batchEmbedContents");

    private final NativeRelay relay;
    private final ModelCatalog catalog;
    private final RequestLimits limits;

    public NativeGeminiResource(NativeRelay relay, ModelCatalog catalog, RequestLimits limits) {
        this.relay = relay;
        this.catalog = catalog;
        this.limits = limits;
    }

    @GET
    public void list(@Suspended AsyncResponse async) {
        HttpServletRequest http = ApiServlet.currentRequest();
        relay.call(RequestIds.of(http), null, Method.GET, "/v1beta/models" + forwardedQuery(http), null, async,
                http.getAsyncContext());
    }

    @GET
    @Path("/{name}")
    public void get(@PathParam("name") String id, @Suspended AsyncResponse async) {
        HttpServletRequest http = ApiServlet.currentRequest();
        String model = ModelNames.normalize(id);
        RequestTrace.of(http).model(model);
        ClientPolicy.requireModel(http, model);
        relay.call(RequestIds.of(http), model, Method.GET, "/v1beta/models/" + model + forwardedQuery(http), null, async,
                http.getAsyncContext());
    }

    @POST
    @Path("/{name}")
    public void invoke(@PathParam("name") String target, InputStream body, @Suspended AsyncResponse async) {
        HttpServletRequest http = ApiServlet.currentRequest();
        int colon = target.lastIndexOf(':');
        String action = colon < 0 ? "" : target.substring(colon + 1);
        if (!ACTIONS.contains(action)) {
            throw GatewayException.notFound("Method not found: POST /v1beta/models/" + target
                    + " (this gateway serves " + String.join(", ", ACTIONS.stream().sorted().toList()) + ").");
        }
        String model = ModelNames.normalize(target.substring(0, colon));
        RequestTrace trace = RequestTrace.of(http);
        trace.model(model);
        trace.stream(action.equals("streamGenerateContent"));
        ClientPolicy.requireModel(http, model);
        KnownModels.require(catalog, model);
        byte[] bytes = RequestBodies.read(body, http.getContentLengthLong(), limits.maxBodyBytes());
        String path = "/v1beta/models/" + model + ":" + action + forwardedQuery(http);
        if (action.equals("streamGenerateContent")) {
            relay.stream(RequestIds.of(http), model, path, bytes, async, http.getAsyncContext());
        } else {
            relay.call(RequestIds.of(http), model, Method.POST, path, bytes, async, http.getAsyncContext());
        }
    }

    /** The client's query (alt, pageSize, pageToken ...) without its {@code key}: the gateway sends its own. */
    private static String forwardedQuery(HttpServletRequest http) {
        String query = http.getQueryString();
        if (query == null || query.isEmpty()) {
            return "";
        }
        String kept = Arrays.stream(query.split("&"))
                .filter(p -> !p.isEmpty() && !p.equals("key") && !p.startsWith("key="))
                .collect(Collectors.joining("&"));
        return kept.isEmpty() ? "" : "?" + kept;
    }
}
