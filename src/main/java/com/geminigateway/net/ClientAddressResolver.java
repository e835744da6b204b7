package com.geminigateway.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who sent a request: the socket peer, unless the peer is a trusted proxy. Then the forwarding header
 * is walked from the right, as Tomcat's RemoteIpValve does: each hop a trusted proxy appended is
 * believed, and the first address that is not a trusted proxy is the client. Anything to its left was
 * written by the client itself and is ignored, so a forged header changes nothing.
 */
public final class ClientAddressResolver {

    /** The header trusted proxies write the client address into. */
    public enum Header {
        X_FORWARDED_FOR("X-Forwarded-For"),
        FORWARDED("Forwarded");

        private final String headerName;

        Header(String headerName) {
            this.headerName = headerName;
        }

        public String headerName() {
            return headerName;
        }

        /** "x-forwarded-for" or "forwarded", in any case. */
        public static Header named(String name) {
            for (Header h : values()) {
                if (h.headerName.equalsIgnoreCase(name.strip())) {
                    return h;
                }
            }
            throw new IllegalArgumentException("unknown forwarding header: " + name);
        }
    }

    private final List<Cidr> trustedProxies;
    private final Header header;

    public ClientAddressResolver(List<Cidr> trustedProxies, Header header) {
        this.trustedProxies = List.copyOf(trustedProxies);
        this.header = header;
    }

    public Header header() {
        return header;
    }

    /**
     * @param peer         the socket peer address, as the container reports it
     * @param headerValues every value of {@link #header()} the request carries, in order
     */
    public String resolve(String peer, List<String> headerValues) {
        Optional<InetAddress> peerAddress = IpAddresses.parse(peer);
        if (peerAddress.isEmpty()) {
            return peer; // a Unix socket or something else the container made up: nothing to walk from
        }
        InetAddress client = peerAddress.get();
        if (!trusted(client) || headerValues.isEmpty()) {
            return IpAddresses.format(client);
        }
        List<String> hops = hops(headerValues);
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = IpAddresses.parse(hops.get(i));
            if (hop.isEmpty()) {
                break; // "unknown" or obfuscated: the last address known for sure stands for the client
            }
            client = hop.get();
            if (!trusted(client)) {
                break;
            }
        }
        return IpAddresses.format(client);
    }

    private boolean trusted(InetAddress address) {
        for (Cidr block : trustedProxies) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The addresses in the header, leftmost (the original client, as claimed) first. */
    private List<String> hops(List<String> values) {
        List<String> hops = new ArrayList<>();
        for (String value : values) {
            for (String element : splitOutsideQuotes(value, ',')) {
                if (!element.isBlank()) {
                    hops.add(header == Header.FORWARDED ? forwardedFor(element) : element.strip());
                }
            }
        }
        return hops;
    }

    /** The {@code for} parameter of one RFC 7239 element, e.g. {@code for="[2001:db8::1]:80";proto=https}. */
    private static String forwardedFor(String element) {
        for (String pair : splitOutsideQuotes(element, ';')) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("for")) {
                String value = pair.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return "unknown";
    }

    private static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }
}
