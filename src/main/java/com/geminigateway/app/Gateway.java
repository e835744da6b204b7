package com.geminigateway.app;

import com.geminigateway.auth.ClientAuthenticator;
import com.geminigateway.auth.ClientKeys;
import com.geminigateway.auth.PasswordStore;
import com.geminigateway.config.GatewayConfig;
import com.geminigateway.keys.KeyPool;
import com.geminigateway.keys.KeyProber;
import com.geminigateway.logs.LogSetup;
import com.geminigateway.media.ImageFetcher;
import com.geminigateway.models.ModelCatalog;
import com.geminigateway.net.ClientAddressResolver;
import com.geminigateway.ratelimit.RateLimiter;
import com.geminigateway.relay.ChatRelay;
import com.geminigateway.relay.ActiveStreams;
import com.geminigateway.relay.Failovers;
import com.geminigateway.relay.NativeRelay;
import com.geminigateway.relay.PooledCalls;
import com.geminigateway.relay.ThoughtSignatureCache;
import com.geminigateway.store.MemoryPoolStore;
import com.geminigateway.store.SnapshotFile;
import com.geminigateway.store.Snapshots;
import com.geminigateway.status.PoolView;
import com.geminigateway.status.StatusService;
import com.geminigateway.telemetry.Telemetry;
import com.geminigateway.translate.ChatRequestTranslator;
import com.geminigateway.translate.ConversionSettings;
import com.geminigateway.upstream.GeminiClient;
import com.geminigateway.usage.ClientUsage;
import com.geminigateway.usage.ModelLimits;
import com.geminigateway.usage.UsageReportText;
import jakarta.servlet.ServletContext;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The composition root: builds every service once per web application and closes them on undeploy,
 * so a redeploy in Tomcat leaves no thread or connection behind.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(Gateway.class);
    private static final Logger REPORT = LogManager.getLogger("com.geminigateway.usage.UsageReport");
    private static final String ATTRIBUTE = Gateway.class.getName();
    /** Threads that start image downloads for chat requests (resolving a host name blocks); made on demand. */
    private static final int WORKER_THREADS = 16;
    /** How often the client keys file is checked for changes (revocations take effect within this). */
    private static final long CLIENT_KEYS_CHECK_SECONDS = 2;

    private final GatewayConfig config;
    private final PasswordStore.Resolved password;
    private final ClientKeys clientKeys;
    private final ClientAuthenticator authenticator;
    private final ClientAddressResolver addresses;
    private final ClientUsage clientUsage;
    private final RateLimiter rateLimiter;
    private final MemoryPoolStore store;
    private final Snapshots snapshots;
    private final KeyPool pool;
    private final KeyProber prober;
    private final Supplier<List<String>> keySource;
    private final GeminiClient client;
    private final ModelCatalog catalog;
    private final Failovers failovers;
    private final ChatRequestTranslator translator;
    private final ThoughtSignatureCache signatures;
    private final PooledCalls calls;
    private final ImageFetcher images;
    private final ChatRelay relay;
    private final NativeRelay nativeRelay;
    private final ActiveStreams streams;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    /** Key checks, snapshots and reports: kept off the timer thread that drives stream heartbeats. */
    private final ScheduledExecutorService background;
    private final Clock clock;
    private final Telemetry telemetry;
    private final StatusService status;

    public Gateway(GatewayConfig config, Clock clock) {
        this(config, clock, config::geminiApiKeys);
    }

    /** @param keySource reads the configured keys again, for a reload at run time */
    public Gateway(GatewayConfig config, Clock clock, Supplier<List<String>> keySource) {
        this.config = config;
        this.keySource = keySource;
        this.clock = clock;
        this.password = PasswordStore.resolve(config.password(), config.dataDir());
        this.clientKeys = ClientKeys.load(config.access().clientKeysFile());
        this.authenticator = new ClientAuthenticator(password.password(), clientKeys::current, clock);
        this.addresses = new ClientAddressResolver(config.access().trustedProxies(), config.access().forwardedHeader());
        this.clientUsage = new ClientUsage(clock);
        this.rateLimiter = new RateLimiter(config.limits(), clientUsage::tokensToday, clock);
        ModelLimits limits = ModelLimits.load(config.pool().modelLimitsFile());
        this.store = new MemoryPoolStore();
        this.snapshots = new Snapshots(store, new SnapshotFile(config.dataDir()), clock);
        snapshots.restore();
        this.pool = new KeyPool(config.geminiApiKeys(), store, limits, config.pool(), clock);
        LOG.info("Key pool: {} keys; model limits from {}", pool.size(), limits.origin());
        GatewayConfig.Upstream upstream = config.upstream();
        this.client = new GeminiClient(upstream);
        this.prober = new KeyProber(client, pool);
        this.failovers = new Failovers(pool, upstream.maxAttempts());
        this.telemetry = new Telemetry(clock, this::listedModel, pool::redact);
        this.catalog = new ModelCatalog(client, failovers, telemetry.relayEvents());
        GatewayConfig.Conversion conversion = config.conversion();
        this.translator = new ChatRequestTranslator(new ConversionSettings(config.disableSafetyFiltering(),
                conversion.returnReasoning(), conversion.reasoningBudgets(), conversion.fillWriteToFileLineCount()));
        this.signatures = new ThoughtSignatureCache();
        ThreadPoolExecutor workerPool = new ThreadPoolExecutor(WORKER_THREADS, WORKER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("gateway-worker"));
        workerPool.allowCoreThreadTimeOut(true);
        this.workers = workerPool;
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemonThreads("gateway-timer"));
        timers.setRemoveOnCancelPolicy(true); // one heartbeat task per stream: do not keep cancelled ones around
        this.scheduler = timers;
        this.background = new ScheduledThreadPoolExecutor(1, daemonThreads("gateway-background"));
        this.images = new ImageFetcher(config.imageFetch(), workers);
        this.calls = new PooledCalls(client, failovers, scheduler, telemetry.relayEvents());
        this.streams = new ActiveStreams();
        this.relay = new ChatRelay(calls, signatures, config.heartbeatInterval(), streams);
        this.nativeRelay = new NativeRelay(calls, streams);
        PoolView poolView = new PoolView(pool);
        telemetry.bindPool(poolView::keysByState);
        this.status = new StatusService(config, clock, catalog, poolView, StatusService.keyAdmin(pool, poolView, client),
                telemetry, clientUsage);
    }

    /**
     * Starts background work: the model list and its refresh; watching the client keys file; writing out the
     * buffered access lines each second; the key checks at start-up (they do not delay readiness) and when due;
     * snapshots of the pool; the usage report.
     */
    void startBackgroundWork() {
        long minutes = config.modelsRefresh().toMinutes();
        scheduler.execute(catalog::refresh);
        scheduler.scheduleWithFixedDelay(catalog::refresh, minutes, minutes, TimeUnit.MINUTES);
        scheduler.scheduleWithFixedDelay(clientKeys::reloadIfChanged,
                CLIENT_KEYS_CHECK_SECONDS, CLIENT_KEYS_CHECK_SECONDS, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(safely("log flush", LogSetup::flushBuffered), 1, 1, TimeUnit.SECONDS);
        GatewayConfig.Pool settings = config.pool();
        if (settings.checkKeysAtStartup()) {
            background.execute(safely("start-up key check", prober::checkAllKeys));
        }
        background.scheduleWithFixedDelay(safely("key re-checks", () -> {
            pool.sweep();
            prober.probeDue();
        }), 1, 1, TimeUnit.MINUTES);
        long snapshotSeconds = settings.snapshotInterval().toSeconds();
        background.scheduleWithFixedDelay(safely("pool snapshot", snapshots::saveIfChanged),
                snapshotSeconds, snapshotSeconds, TimeUnit.SECONDS);
        long reportMinutes = config.reports().interval().toMinutes();
        Level level = Level.toLevel(config.reports().logLevel(), Level.INFO);
        background.scheduleWithFixedDelay(safely("usage report", () -> REPORT.log(level, UsageReportText.format(pool.report()))),
                reportMinutes, reportMinutes, TimeUnit.MINUTES);
    }

    /** A scheduled task that throws is never run again: log instead. */
    private static Runnable safely(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Background task '{}' failed", what, e);
            }
        };
    }

    /** Reads the configured key source again and applies it to the pool (keys added at run time stay). */
    public KeyPool.ReloadResult reloadKeys() {
        return pool.reload(keySource.get());
    }

    /** For metrics labels: models outside Gemini's list are counted together. */
    private boolean listedModel(String model) {
        return catalog != null && catalog.lists(model);
    }

    public static Gateway from(ServletContext context) {
        Object gateway = context.getAttribute(ATTRIBUTE);
        if (gateway == null) {
            throw new IllegalStateException("The gateway did not start; see the log for the reason");
        }
        return (Gateway) gateway;
    }

    void attachTo(ServletContext context) {
        context.setAttribute(ATTRIBUTE, this);
        telemetry.bindContainer(context.getServerInfo());
    }

    public GatewayConfig config() {
        return config;
    }

    public PasswordStore.Resolved password() {
        return password;
    }

    public ClientAuthenticator authenticator() {
        return authenticator;
    }

    public ClientAddressResolver addresses() {
        return addresses;
    }

    /** Per-client accounting: requests and tokens per Pacific day and model. */
    public ClientUsage clientUsage() {
        return clientUsage;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public KeyPool pool() {
        return pool;
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    public ChatRequestTranslator translator() {
        return translator;
    }

    public ChatRelay relay() {
        return relay;
    }

    /** Running streams: a shutdown lets them finish within SHUTDOWN_GRACE_SECONDS, then ends the rest. */
    public ActiveStreams streams() {
        return streams;
    }

    public NativeRelay nativeRelay() {
        return nativeRelay;
    }

    public ThoughtSignatureCache signatures() {
        return signatures;
    }

    public PooledCalls calls() {
        return calls;
    }

    public ImageFetcher images() {
        return images;
    }

    public Clock clock() {
        return clock;
    }

    /** Metrics, the access log, request traces, recent errors, traffic history. */
    public Telemetry telemetry() {
        return telemetry;
    }

    /** What the status page and the health probes show, and the administrator's key actions. */
    public StatusService status() {
        return status;
    }

    @Override
    public void close() {
        streams.drain(java.time.Duration.ZERO); // normally drained already, when the API servlets stopped
        scheduler.shutdownNow();
        background.shutdownNow();
        try {
            background.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        snapshots.saveIfChanged(); // the last word on counters and states before the process goes
        telemetry.close();
        client.close();
        images.close();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            joinThreads();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every thread the gateway started, so that closing can wait until each one has really ended. */
    private final java.util.Queue<Thread> threads = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            threads.add(t);
            return t;
        };
    }

    /**
     * An executor's termination can come a moment before its last worker thread has exited; a container
     * checking right after undeploy would report that thread as leaked.
     */
    private void joinThreads() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }
}
