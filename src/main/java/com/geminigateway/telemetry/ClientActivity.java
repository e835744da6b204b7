package com.geminigateway.telemetry;

import com.geminigateway.usage.PacificDay;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is using the gateway: for each client name when it was last seen, from which address and with
 * which tool (its User-Agent), and how many API requests each address made this Pacific day. Bounded:
 * an address flood cannot grow it without limit.
 */
public final class ClientActivity {

    static final int MAX_ADDRESSES = 10_000;
    static final int MAX_USER_AGENT = 200;

    /** @param userAgent as the client sent it (shortened): untrusted text, escaped wherever it is shown */
    public record Seen(String client, Instant lastSeen, String lastAddress, String userAgent) {
    }

    public record AddressCount(String address, long requests) {
    }

    private final Clock clock;
    private final Map<String, Seen> clients = new HashMap<>();
    private final Map<String, long[]> addressesToday = new HashMap<>();
    private LocalDate day;

    public ClientActivity(Clock clock) {
        this.clock = clock;
    }

    synchronized void record(String client, String address, String userAgent) {
        Instant now = clock.instant();
        LocalDate today = PacificDay.dayOf(now);
        if (!today.equals(day)) {
            day = today;
            addressesToday.clear();
        }
        if (client != null) {
            String agent = userAgent == null ? "" : userAgent.length() > MAX_USER_AGENT ? userAgent.substring(0, MAX_USER_AGENT) : userAgent;
            clients.put(client, new Seen(client, now, address, agent));
        }
        if (addressesToday.containsKey(address) || addressesToday.size() < MAX_ADDRESSES) {
            addressesToday.computeIfAbsent(address, a -> new long[1])[0]++;
        }
    }

    public synchronized List<Seen> clients() {
        return clients.values().stream().sorted(Comparator.comparing(Seen::client)).toList();
    }

    /** The addresses with the most API requests today, most first. */
    public synchronized List<AddressCount> topAddresses(int limit) {
        if (!PacificDay.dayOf(clock.instant()).equals(day)) {
            return List.of();
        }
        return addressesToday.entrySet().stream()
                .map(e -> new AddressCount(e.getKey(), e.getValue()[0]))
                .sorted(Comparator.comparingLong(AddressCount::requests).reversed().thenComparing(AddressCount::address))
                .limit(limit).toList();
    }
}
