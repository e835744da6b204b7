package com.geminigateway.status;

import com.geminigateway.config.GatewayConfig;
import com.geminigateway.models.ModelCatalog;
import com.geminigateway.status.StatusData.AddressRow;
import com.geminigateway.status.StatusData.Bar;
import com.geminigateway.status.StatusData.Chart;
import com.geminigateway.status.StatusData.ClientRow;
import com.geminigateway.status.StatusData.ConfigRow;
import com.geminigateway.status.StatusData.ErrorRow;
import com.geminigateway.status.StatusData.Health;
import com.geminigateway.status.StatusData.KeyModelRow;
import com.geminigateway.status.StatusData.KeyRow;
import com.geminigateway.status.StatusData.ModelRow;
import com.geminigateway.status.StatusData.Tick;
import com.geminigateway.telemetry.ClientActivity;
import com.geminigateway.telemetry.RecentErrors;
import com.geminigateway.telemetry.Telemetry;
import com.geminigateway.telemetry.TrafficHistory;
import com.geminigateway.usage.ClientUsage;
import com.geminigateway.usage.ClientUsageSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/** Puts together what the status page and the health probes show, from the gateway's parts. */
public final class StatusService {

    static final int TOP_ADDRESSES = 10;
    private static final int CHART_WIDTH = 960;
    private static final int CHART_HEIGHT = 180;
    private static final int PLOT_HEIGHT = 160;

    private final GatewayConfig config;
    private final Clock clock;
    private final Instant startedAt;
    private final ModelCatalog catalog;
    private final PoolView pool;
    private final KeyAdmin admin;
    private final Telemetry telemetry;
    private final ClientUsage usage;
    private final String version;
    private final ZoneId zone = ZoneId.systemDefault();
    private final DateTimeFormatter timeFormat = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
    private final DateTimeFormatter hourFormat = DateTimeFormatter.ofPattern("HH:mm").withZone(zone);

    public StatusService(GatewayConfig config, Clock clock, ModelCatalog catalog, PoolView pool, KeyAdmin admin,
                         Telemetry telemetry, ClientUsage usage) {
        this.config = config;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.catalog = catalog;
        this.pool = pool;
        this.admin = admin;
        this.telemetry = telemetry;
        this.usage = usage;
        this.version = readVersion();
    }

    /** Builds the key pool's administration over this gateway's pool. */
    public static KeyAdmin keyAdmin(com.geminigateway.keys.KeyPool keys, PoolView view, com.geminigateway.upstream.GeminiClient client) {
        return new PoolKeyAdmin(keys, view, client);
    }

    public String version() {
        return version;
    }

    public Duration uptime() {
        return Duration.between(startedAt, clock.instant());
    }

    public KeyAdmin admin() {
        return admin;
    }

    public Health health() {
        int models = catalog.cached().map(List::size).orElse(0);
        int usable = pool.usableKeys();
        boolean loaded = catalog.cached().isPresent();
        return new Health(loaded && usable > 0, loaded, models, usable, pool.size());
    }

    /**
     * @param detailed the administrator's view (masked keys, messages, clients, configuration)
     * @param canAct   whether action forms are offered
     */
    public StatusData build(boolean detailed, boolean canAct) {
        Instant now = clock.instant();
        List<PoolView.Key> keys = pool.keys();
        Map<String, String> idByAlias = new HashMap<>();
        keys.forEach(k -> idByAlias.putIfAbsent(k.alias(), k.id()));
        Set<String> actions = canAct ? admin.supported().stream().map(KeyAdmin.Action::path).collect(Collectors.toSet()) : Set.of();
        return new StatusData(version, time(now), zone.getDisplayName(TextStyle.SHORT, Locale.ENGLISH), time(startedAt), Durations.compact(uptime()), health(),
                new StatusData.View(detailed, canAct, actions),
                keys.stream().map(k -> keyRow(k, detailed, now)).toList(),
                models(),
                chart(telemetry.history().last24Hours()),
                errors(telemetry.recentErrors().newestFirst(), detailed, idByAlias),
                detailed ? clients() : List.of(),
                detailed ? telemetry.clients().topAddresses(TOP_ADDRESSES).stream()
                        .map(a -> new AddressRow(a.address(), a.requests())).toList() : List.of(),
                pool.keyCountAdvice().orElse(null),
                detailed ? config.describe().entrySet().stream().map(e -> new ConfigRow(e.getKey(), e.getValue())).toList()
                        : List.of());
    }

    private KeyRow keyRow(PoolView.Key k, boolean detailed, Instant now) {
        List<KeyModelRow> models = k.models().stream().map(m -> {
            Long limit = m.requestsPerDayLimit();
            int percent = limit == null || limit <= 0 ? -1 : (int) Math.min(100, m.requestsToday() * 100 / limit);
            return new KeyModelRow(m.model(), m.state(), detailed ? m.reason() : null, millis(m.until(), now), until(m.until(), now),
                    m.requestsToday(), limit, percent);
        }).toList();
        return new KeyRow(k.id(), detailed ? k.alias() : null, k.project(), k.state(), detailed ? k.reason() : null,
                millis(k.until(), now),
                until(k.until(), now), k.lastUsed() == null ? null : time(k.lastUsed()), k.requestsToday(), k.tokensToday(),
                models);
    }

    private List<ModelRow> models() {
        return pool.models().stream().map(m -> {
            Long capacity = m.requestsPerDayCapacity();
            int percent = capacity == null || capacity <= 0 ? -1 : (int) Math.min(100, m.requests() * 100 / capacity);
            return new ModelRow(m.model(), m.requests(), m.tokens(), capacity, percent);
        }).toList();
    }

    private Chart chart(List<TrafficHistory.Slot> slots) {
        long max = Math.max(1, slots.stream().mapToLong(TrafficHistory.Slot::requests).max().orElse(0));
        int step = CHART_WIDTH / slots.size();
        List<Bar> bars = new ArrayList<>(slots.size());
        List<Tick> ticks = new ArrayList<>();
        long requests = 0;
        long errors = 0;
        for (int i = 0; i < slots.size(); i++) {
            TrafficHistory.Slot s = slots.get(i);
            requests += s.requests();
            errors += s.errors();
            int h = (int) Math.round((double) s.requests() * PLOT_HEIGHT / max);
            int he = (int) Math.round((double) s.errors() * PLOT_HEIGHT / max);
            int x = i * step;
            bars.add(new Bar(x, step - 2, PLOT_HEIGHT - h, h, PLOT_HEIGHT - he, he,
                    hourFormat.format(s.start()) + " " + s.requests() + " / " + s.errors()));
            if (i % 16 == 0) {
                ticks.add(new Tick(x, hourFormat.format(s.start())));
            }
        }
        return new Chart(CHART_WIDTH, CHART_HEIGHT, max, requests, errors, bars, ticks);
    }

    private List<ErrorRow> errors(List<RecentErrors.Entry> entries, boolean detailed, Map<String, String> idByAlias) {
        return entries.stream().map(e -> new ErrorRow(time(e.at()), e.model(),
                detailed ? e.keyAlias() : "#" + idByAlias.getOrDefault(e.keyAlias(), "?"),
                e.status() == 0 ? "-" : Integer.toString(e.status()), e.reason(), detailed ? e.message() : null,
                e.failedOver())).toList();
    }

    private List<ClientRow> clients() {
        ClientUsageSnapshot today = usage.snapshot();
        Map<String, ClientActivity.Seen> seen = new HashMap<>();
        telemetry.clients().clients().forEach(s -> seen.put(s.client(), s));
        List<String> names = new ArrayList<>(today.clients().keySet());
        seen.keySet().stream().filter(n -> !today.clients().containsKey(n)).forEach(names::add);
        return names.stream().map(name -> {
            var counts = today.of(name);
            ClientActivity.Seen s = seen.get(name);
            return new ClientRow(name, counts.requests(), counts.totalTokens(), s == null ? null : time(s.lastSeen()),
                    s == null ? null : s.lastAddress(), s == null ? null : s.userAgent());
        }).sorted(Comparator.comparingLong(ClientRow::requests).reversed().thenComparing(ClientRow::name)).toList();
    }

    private String time(Instant t) {
        return timeFormat.format(t);
    }

    private static long millis(Instant until, Instant now) {
        return until != null && until.isAfter(now) ? until.toEpochMilli() : 0;
    }

    private static String until(Instant until, Instant now) {
        return until != null && until.isAfter(now) ? Durations.compact(Duration.between(now, until)) : null;
    }

    private static String readVersion() {
        try (InputStream in = StatusService.class.getResourceAsStream("/com/geminigateway/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version", "");
            return v.isEmpty() || v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }
}
