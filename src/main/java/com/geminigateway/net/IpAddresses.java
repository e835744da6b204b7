package com.geminigateway.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IP address literals as proxies write them, parsed without ever asking DNS: {@code 10.0.0.1},
 * {@code 10.0.0.1:4711}, {@code 2001:db8::1}, {@code [2001:db8::1]:4711}, {@code ::ffff:10.0.0.1}.
 */
public final class IpAddresses {

    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]+)](?::\\d{1,5})?");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAddresses() {
    }

    /** The address written in {@code text}, or empty for anything else (host names, "unknown", "_hidden"). */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        int[] v4 = ipv4Numbers(s);
        if (v4 != null) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (v4[i] > 255) {
                    return Optional.empty();
                }
                bytes[i] = (byte) v4[i];
            }
            return Optional.of(byAddress(bytes));
        }
        Matcher bracketed = BRACKETED.matcher(s);
        if (bracketed.matches()) {
            s = bracketed.group(1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        // Only hex digits, colons and dots, with at least one colon: the JDK parses it as an IPv6
        // literal or rejects it, and never resolves it as a host name.
        if (s.indexOf(':') < 0 || !IPV6_CHARS.matcher(s).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(s));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * The four numbers of {@code d.d.d.d} or {@code d.d.d.d:port} (1-3 digits each, a port of 1-5), or null for
     * any other text. By hand rather than by regular expression: every request's peer address comes here.
     */
    static int[] ipv4Numbers(String s) {
        int[] numbers = new int[4];
        int i = 0;
        for (int n = 0; n < 4; n++) {
            if (n > 0) {
                if (i == s.length() || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
            int start = i;
            while (i < s.length() && i - start < 3 && isDigit(s.charAt(i))) {
                numbers[n] = numbers[n] * 10 + s.charAt(i++) - '0';
            }
            if (i == start) {
                return null;
            }
        }
        if (i < s.length()) {
            if (s.charAt(i) != ':') {
                return null;
            }
            int start = ++i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            if (i != s.length() || i == start || i - start > 5) {
                return null;
            }
        }
        return numbers;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The address as a limit key and in logs; IPv4-mapped IPv6 addresses come out as IPv4. */
    public static String format(InetAddress address) {
        return address.getHostAddress();
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an address", e);
        }
    }
}
