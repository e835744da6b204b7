package com.geminigateway.api;

import com.geminigateway.auth.Client;
import com.geminigateway.auth.ClientPolicy;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.errors.OpenAiErrors;
import com.geminigateway.gemini.ModelsPage;
import com.geminigateway.json.Json;
import com.geminigateway.models.ModelCatalog;
import com.geminigateway.openai.ModelList;
import com.geminigateway.relay.Answers;
import com.geminigateway.translate.ModelNames;
import com.geminigateway.upstream.UpstreamFailure;
import com.geminigateway.web.RequestIds;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.function.Function;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}, from the cached Gemini model list. A client key
 * limited to some models sees only those.
 */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
public final class ModelsResource {

    private final ModelCatalog catalog;

    public ModelsResource(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public void list(@Suspended AsyncResponse async) {
        HttpServletRequest http = ApiServlet.currentRequest();
        answer(http, async, models -> ModelList.of(models.stream().map(m -> ModelList.Model.of(m.id())).toList()));
    }

    @GET
    @Path("/{id: .+}")
    public void get(@PathParam("id") String id, @Suspended AsyncResponse async) {
        HttpServletRequest http = ApiServlet.currentRequest();
        String wanted = ModelNames.normalize(id);
        answer(http, async, models -> models.stream()
                .filter(m -> wanted.equals(m.id()))
                .findFirst()
                .map(m -> ModelList.Model.of(m.id()))
                .orElseThrow(() -> GatewayException.modelNotFound(wanted)));
    }

    /** Renders the models the client may use. */
    private void answer(HttpServletRequest http, AsyncResponse async, Function<List<ModelsPage.Model>, Object> render) {
        String requestId = RequestIds.of(http);
        Client client = ClientPolicy.client(http);
        AsyncContext servlet = http.getAsyncContext(); // started by Jersey for the suspended response
        catalog.models().whenComplete((all, error) -> {
            if (error == null) {
                try {
                    List<ModelsPage.Model> models = all.stream().filter(m -> client.allowsModel(m.id())).toList();
                    Answers.send(async, servlet, MediaType.APPLICATION_JSON_TYPE, Json.toBytes(render.apply(models)));
                } catch (GatewayException e) {
                    async.resume(OpenAiErrors.response(e));
                }
                return;
            }
            Throwable cause = UpstreamFailure.unwrap(error);
            GatewayException e = cause instanceof GatewayException g ? g
                    : new GatewayException(502, "server_error", "upstream_error", null,
                            "Could not load the model list from Gemini.", null);
            async.resume(OpenAiErrors.response(e.forRequest(requestId)));
        });
    }
}
