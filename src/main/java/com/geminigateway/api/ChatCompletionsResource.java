package com.geminigateway.api;

import com.geminigateway.auth.ClientPolicy;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.errors.OpenAiErrors;
import com.geminigateway.json.Json;
import com.geminigateway.media.ImageFetcher;
import com.geminigateway.models.ModelCatalog;
import com.geminigateway.openai.ChatCompletionRequest;
import com.geminigateway.openai.ChatMessage;
import com.geminigateway.relay.ChatCall;
import com.geminigateway.relay.ChatRelay;
import com.geminigateway.telemetry.RequestTrace;
import com.geminigateway.translate.ChatRequestTranslator;
import com.geminigateway.translate.GeminiChat;
import com.geminigateway.translate.ModelNames;
import com.geminigateway.translate.ThoughtSignatures;
import com.geminigateway.upstream.UpstreamFailure;
import com.geminigateway.usage.ClientUsage;
import com.geminigateway.usage.UsageRecorder;
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
import java.io.InputStream;
import java.util.Set;

/**
 * {@code POST /v1/chat/completions}: one method for both answers, because OpenAI SDKs send
 * {@code Accept: application/json} even when they stream; the stream flag in the body decides.
 */
@Path("/chat/completions")
public final class ChatCompletionsResource {

    private final ChatRequestTranslator translator;
    private final ChatRelay relay;
    private final ModelCatalog catalog;
    private final RequestLimits limits;
    private final ClientUsage usage;
    private final ImageFetcher images;
    private final ThoughtSignatures signatures;

    public ChatCompletionsResource(ChatRequestTranslator translator, ChatRelay relay, ModelCatalog catalog,
                                   RequestLimits limits, ClientUsage usage, ImageFetcher images,
                                   ThoughtSignatures signatures) {
        this.translator = translator;
        this.relay = relay;
        this.catalog = catalog;
        this.limits = limits;
        this.usage = usage;
        this.images = images;
        this.signatures = signatures;
    }

    /** The servlet request comes from {@link ApiServlet}: injected by Jersey, it cost 2% of the CPU. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
    public void create(InputStream body, @Suspended AsyncResponse async) {
        HttpServletRequest http = ApiServlet.currentRequest();
        byte[] bytes = RequestBodies.read(body, http.getContentLengthLong(), limits.maxBodyBytes());
        ChatCompletionRequest request = RequestBodies.parse(bytes, ChatCompletionRequest.class);
        limits.checkMessageCount(request.messages(), "messages");
        limits.checkInlineData(request.messages(), ChatMessage::content, "messages");
        String model = ModelNames.normalize(request.model());
        RequestTrace trace = RequestTrace.of(http);
        trace.model(model);
        trace.stream(request.streaming());
        ClientPolicy.requireModel(http, model);
        KnownModels.require(catalog, model);
        String requestId = RequestIds.of(http);
        long created = System.currentTimeMillis() / 1000;
        UsageRecorder recorder = trace.recording(usage.recorder(ClientPolicy.client(http).name(), model));
        AsyncContext servlet = http.getAsyncContext(); // started by Jersey for the suspended response
        Set<String> urls = ChatRequestTranslator.remoteImageUrls(request);
        if (urls.isEmpty()) {
            send(translator.translate(request, model, signatures, java.util.Map.of()), request, model, requestId,
                    created, recorder, async, servlet);
            return;
        }
        images.fetchAll(urls).whenComplete((fetched, error) -> {
            try {
                if (error != null) {
                    throw UpstreamFailure.unwrap(error) instanceof GatewayException e ? e
                            : new IllegalStateException(UpstreamFailure.unwrap(error));
                }
                send(translator.translate(request, model, signatures, fetched), request, model, requestId, created,
                        recorder, async, servlet);
            } catch (GatewayException e) {
                async.resume(OpenAiErrors.response(e.forRequest(requestId)));
            } catch (RuntimeException e) {
                async.resume(e);
            }
        });
    }

    private void send(GeminiChat chat, ChatCompletionRequest request, String model, String requestId, long created,
                      UsageRecorder recorder, AsyncResponse async, AsyncContext servlet) {
        ChatCall call = new ChatCall(requestId, model, Json.toBytes(chat.request()), created, request.includeUsage(),
                chat.response(), recorder);
        if (request.streaming()) {
            relay.stream(call, async, servlet);
        } else {
            relay.complete(call, async, servlet);
        }
    }
}
