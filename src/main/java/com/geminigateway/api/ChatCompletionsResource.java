package com.geminigateway.api;

import com.geminigateway.auth.Client;
import com.geminigateway.auth.ClientPolicy;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.gemini.ModelsPage;
import com.geminigateway.json.Json;
import com.geminigateway.models.ModelCatalog;
import com.geminigateway.openai.ChatCompletionRequest;
import com.geminigateway.openai.ChatMessage;
import com.geminigateway.relay.ChatCall;
import com.geminigateway.relay.ChatRelay;
import com.geminigateway.translate.ChatRequestTranslator;
import com.geminigateway.translate.ModelNames;
import com.geminigateway.usage.ClientUsage;
import com.geminigateway.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.List;

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

    @Context
    private HttpServletRequest http;

    public ChatCompletionsResource(ChatRequestTranslator translator, ChatRelay relay, ModelCatalog catalog,
                                   RequestLimits limits, ClientUsage usage) {
        this.translator = translator;
        this.relay = relay;
        this.catalog = catalog;
        this.limits = limits;
        this.usage = usage;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
    public void create(InputStream body, @Suspended AsyncResponse async) {
        byte[] bytes = RequestBodies.read(body, http.getContentLengthLong(), limits.maxBodyBytes());
        ChatCompletionRequest request = RequestBodies.parse(bytes, ChatCompletionRequest.class);
        limits.checkMessageCount(request.messages(), "messages");
        limits.checkInlineData(request.messages(), ChatMessage::content, "messages");
        String model = ModelNames.normalize(request.model());
        ClientPolicy.requireModel(http, model);
        requireKnownModel(model);
        byte[] geminiBody = Json.toBytes(translator.translate(request));
        Client client = ClientPolicy.client(http);
        ChatCall call = new ChatCall(RequestIds.of(http), model, geminiBody,
                System.currentTimeMillis() / 1000, request.includeUsage(), usage.recorder(client.name(), model));
        if (request.streaming()) {
            relay.stream(call, async);
        } else {
            relay.complete(call, async);
        }
    }

    /** With the model list at hand, an unknown model is a 404 without spending a key on it. */
    private void requireKnownModel(String model) {
        List<ModelsPage.Model> known = catalog.cached().orElse(null);
        if (known != null && known.stream().noneMatch(m -> model.equals(m.id()))) {
            throw GatewayException.modelNotFound(model);
        }
    }
}
