package com.geminigateway.auth;

import com.geminigateway.errors.GatewayException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What the identified client may do, for the resources to check before they spend a Gemini key:
 * {@code ClientPolicy.requireModel(request, model)} in every route that names a model.
 */
public final class ClientPolicy {

    private ClientPolicy() {
    }

    /** The client the auth filter identified; every API route runs behind that filter. */
    public static Client client(HttpServletRequest request) {
        if (request.getAttribute(Client.ATTRIBUTE) instanceof Client client) {
            return client;
        }
        throw new IllegalStateException("No client identified: the client auth filter did not run for "
                + request.getRequestURI());
    }

    /** @throws GatewayException 403 if the client's key does not allow {@code model} */
    public static void requireModel(HttpServletRequest request, String model) {
        Client client = client(request);
        if (!client.allowsModel(model)) {
            throw new GatewayException(403, "invalid_request_error", "model_not_allowed", "model",
                    "Your client key may not use the model '" + model + "'.", null);
        }
    }
}
