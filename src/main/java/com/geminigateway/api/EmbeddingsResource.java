package com.geminigateway.api;

import com.geminigateway.auth.ClientPolicy;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.errors.OpenAiErrors;
import com.geminigateway.gemini.Embeddings.BatchEmbedContentsRequest;
import com.geminigateway.gemini.Embeddings.BatchEmbedContentsResponse;
import com.geminigateway.gemini.Embeddings.EmbedContentResponse;
import com.geminigateway.gemini.Embeddings.Embedding;
import com.geminigateway.json.Json;
import com.geminigateway.models.ModelCatalog;
import com.geminigateway.openai.EmbeddingRequest;
import com.geminigateway.relay.Answers;
import com.geminigateway.relay.PooledCalls;
import com.geminigateway.relay.UpstreamErrors;
import com.geminigateway.telemetry.RequestTrace;
import com.geminigateway.translate.EmbeddingsTranslator;
import com.geminigateway.translate.EmbeddingsTranslator.Plan;
import com.geminigateway.translate.ModelNames;
import com.geminigateway.web.RequestIds;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.core5.http.Method;

/**
 * {@code POST /v1/embeddings}. Batches go one after another, each with its own failover, so a large input
 * does not burst every key's per-minute quota at once.
 */
@Path("/embeddings")
public final class EmbeddingsResource {

    private final PooledCalls calls;
    private final ModelCatalog catalog;
    private final RequestLimits limits;

    public EmbeddingsResource(PooledCalls calls, ModelCatalog catalog, RequestLimits limits) {
        this.calls = calls;
        this.catalog = catalog;
        this.limits = limits;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public void create(InputStream body, @Suspended AsyncResponse async) {
        HttpServletRequest http = ApiServlet.currentRequest();
        byte[] bytes = RequestBodies.read(body, http.getContentLengthLong(), limits.maxBodyBytes());
        EmbeddingRequest request = RequestBodies.parse(bytes, EmbeddingRequest.class);
        String model = ModelNames.normalize(request.model());
        RequestTrace.of(http).model(model);
        ClientPolicy.requireModel(http, model);
        KnownModels.require(catalog, model);
        Plan plan = EmbeddingsTranslator.plan(request, model);
        String requestId = RequestIds.of(http);
        AsyncContext servlet = http.getAsyncContext(); // started by Jersey for the suspended response
        CompletableFuture<List<Embedding>> embeddings = plan.single()
                ? calls.call(requestId, model, Method.POST, plan.embedPath(), Json.toBytes(plan.single(plan.inputs().get(0))),
                                b -> List.of(read(b, EmbedContentResponse.class).embedding()), noUsage())
                : batches(requestId, plan, plan.batches(), 0, new ArrayList<>());
        embeddings.whenComplete((list, error) -> {
            try {
                if (error != null) {
                    throw UpstreamErrors.of(error, requestId);
                }
                byte[] json = Json.toBytes(EmbeddingsTranslator.toOpenAi(plan, list));
                Answers.send(async, servlet, MediaType.APPLICATION_JSON_TYPE, json);
            } catch (GatewayException e) {
                async.resume(OpenAiErrors.response(UpstreamErrors.reported(requestId, e)));
            } catch (RuntimeException e) {
                async.resume(OpenAiErrors.response(UpstreamErrors.reported(requestId, UpstreamErrors.of(e, requestId))));
            }
        });
    }

    /** Gemini reports no usage for embeddings: the pool books the request and its estimate. */
    private static <T> java.util.function.Function<T, com.geminigateway.gemini.GenerateContentResponse.UsageMetadata> noUsage() {
        return answer -> null;
    }

    private CompletableFuture<List<Embedding>> batches(String requestId, Plan plan, List<BatchEmbedContentsRequest> batches,
                                                       int next, List<Embedding> into) {
        if (next == batches.size()) {
            return CompletableFuture.completedFuture(into);
        }
        return calls.call(requestId, plan.model(), Method.POST, plan.batchPath(), Json.toBytes(batches.get(next)),
                        b -> read(b, BatchEmbedContentsResponse.class), noUsage())
                .thenCompose(answer -> {
                    List<Embedding> got = answer.embeddings();
                    into.addAll(got == null ? List.of() : got);
                    return batches(requestId, plan, batches, next + 1, into);
                });
    }

    private static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return Json.read(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
