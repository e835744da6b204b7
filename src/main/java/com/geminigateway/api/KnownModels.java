package com.geminigateway.api;

import com.geminigateway.errors.GatewayException;
import com.geminigateway.gemini.ModelsPage;
import com.geminigateway.models.ModelCatalog;
import java.util.List;

/** With the model list at hand, an unknown model is a 404 without spending a key on it. */
final class KnownModels {

    private KnownModels() {
    }

    static void require(ModelCatalog catalog, String model) {
        List<ModelsPage.Model> known = catalog.cached().orElse(null);
        if (known != null && known.stream().noneMatch(m -> model.equals(m.id()))) {
            throw GatewayException.modelNotFound(model);
        }
    }
}
