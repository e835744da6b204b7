package com.geminigateway.models;

import com.geminigateway.gemini.ModelsPage;
import com.geminigateway.json.Json;
import com.geminigateway.keys.ApiKey;
import com.geminigateway.keys.Failover;
import com.geminigateway.relay.Failovers;
import com.geminigateway.relay.RelayEvents;
import com.geminigateway.relay.UpstreamErrors;
import com.geminigateway.upstream.GeminiClient;
import com.geminigateway.upstream.UpstreamFailure;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.hc.core5.http.Method;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Gemini's model list, read through every page with a pooled key and cached. Refreshed in the background;
 * a request that comes before the first load waits for it (without holding a thread).
 */
public final class ModelCatalog {

    private static final Logger LOG = LogManager.getLogger(ModelCatalog.class);
    private static final int PAGE_SIZE = 1000;
    /** A runaway paging loop (a token that never ends) must stop somewhere. */
    private static final int MAX_PAGES = 100;

    private final GeminiClient client;
    private final Failovers failovers;
    private final RelayEvents events;
    private volatile Loaded loaded;
    private final AtomicReference<CompletableFuture<List<ModelsPage.Model>>> loading = new AtomicReference<>();

    /** @param events told about failed attempts, as the relay's are (recent errors, metrics) */
    public ModelCatalog(GeminiClient client, Failovers failovers, RelayEvents events) {
        this.client = client;
        this.failovers = failovers;
        this.events = events;
    }

    /** The cached list if loaded. */
    public Optional<List<ModelsPage.Model>> cached() {
        return Optional.ofNullable(loaded).map(Loaded::models);
    }

    /** True when the loaded list has the model (false before the list is loaded). */
    public boolean lists(String model) {
        Loaded current = loaded;
        return current != null && current.ids().contains(model);
    }

    /** The cached list, or the one being loaded now. */
    public CompletableFuture<List<ModelsPage.Model>> models() {
        Loaded current = loaded;
        return current != null ? CompletableFuture.completedFuture(current.models()) : refresh();
    }

    /** Starts a reload unless one is running; the cache keeps its old list if the reload fails. */
    public CompletableFuture<List<ModelsPage.Model>> refresh() {
        CompletableFuture<List<ModelsPage.Model>> mine = new CompletableFuture<>();
        CompletableFuture<List<ModelsPage.Model>> running = loading.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        loadAll(failovers.start(null, null)).whenComplete((list, error) -> {
            loading.set(null);
            if (error == null) {
                Loaded now = Loaded.of(list);
                loaded = now;
                LOG.debug("Model list loaded: {} models", list.size());
                mine.complete(now.models());
            } else {
                Throwable cause = UpstreamFailure.unwrap(error);
                LOG.warn("Could not load the model list: {}", failovers.pool().redact(String.valueOf(cause.getMessage())));
                mine.completeExceptionally(cause);
            }
        });
        return mine;
    }

    /** Fails with the {@link com.geminigateway.errors.GatewayException} a client should see. */
    private CompletableFuture<List<ModelsPage.Model>> loadAll(Failover failover) {
        Optional<ApiKey> key = failover.next();
        if (key.isEmpty()) {
            return CompletableFuture.failedFuture(UpstreamErrors.giveUp(failover));
        }
        long started = System.nanoTime();
        return loadPages(key.get(), null, new ArrayList<>(), 0).thenApply(list -> {
            failover.completed(null); // the key's hold ends; a model list uses no model's quota
            return list;
        }).exceptionallyCompose(error -> {
            UpstreamFailure failure = UpstreamFailure.of(error);
            boolean retry = failover.failed(key.get(), failure);
            events.attemptFailed(null, null, key.get().alias(), failure, failover.lastVerdict(),
                    Duration.ofNanos(System.nanoTime() - started), retry);
            return retry ? loadAll(failover) : CompletableFuture.failedFuture(UpstreamErrors.giveUp(failover));
        });
    }

    private CompletableFuture<List<ModelsPage.Model>> loadPages(ApiKey key, String pageToken,
                                                                List<ModelsPage.Model> into, int page) {
        String path = "/v1beta/models?pageSize=" + PAGE_SIZE
                + (pageToken == null ? "" : "&pageToken=" + URLEncoder.encode(pageToken, StandardCharsets.UTF_8));
        return client.call(Method.GET, path, null, key.secret()).thenCompose(bytes -> {
            ModelsPage result;
            try {
                result = Json.read(bytes, ModelsPage.class);
            } catch (Exception e) {
                return CompletableFuture.failedFuture(UpstreamFailure.network("Unreadable model list from Gemini", e));
            }
            for (ModelsPage.Model m : result.modelsOrEmpty()) {
                if (m.name() != null && (m.supports("generateContent") || m.supports("embedContent"))) {
                    into.add(m);
                }
            }
            String next = result.nextPageToken();
            if (next == null || next.isEmpty() || page + 1 >= MAX_PAGES) {
                return CompletableFuture.completedFuture(into);
            }
            return loadPages(key, next, into, page + 1);
        });
    }

    /** The list, and its ids for the look-up that every request makes. */
    private record Loaded(List<ModelsPage.Model> models, Set<String> ids) {
        static Loaded of(List<ModelsPage.Model> models) {
            return new Loaded(List.copyOf(models),
                    models.stream().map(ModelsPage.Model::id).collect(Collectors.toUnmodifiableSet()));
        }
    }
}
