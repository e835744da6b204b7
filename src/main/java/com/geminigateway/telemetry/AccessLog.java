package com.geminigateway.telemetry;

import com.geminigateway.config.SecretMask;
import com.geminigateway.logs.LogSetup;
import com.geminigateway.usage.UsageCounts;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One access.log line per request, written when its response has ended (streams included):
 * <pre>
 * 2026-11-05 10:11:12.345 [k3j9x0a1b2c4] client=alice-laptop ip=10.0.0.5 POST /v1/chat/completions model=gemini-2.5-flash status=200 stream=true latency_ms=2310 ttft_ms=412 tokens=120/356/64 key=AIza...x1Yz retries=1
 * </pre>
 * {@code tokens} is input/output/thinking; "-" marks what does not apply. The query string is never logged
 * (Google's SDKs may put a key there). Values a client chose are stripped of spaces and control characters,
 * so a line cannot be forged, and masked like every log line (the access appenders do not mask whole lines).
 */
final class AccessLog {

    private static final Logger LOG = LogManager.getLogger(LogSetup.ACCESS_LOGGER);
    static final int MAX_VALUE = 200;

    private AccessLog() {
    }

    static void write(RequestTrace t, String client, String address, int status) {
        if (LOG.isInfoEnabled()) {
            LOG.info(line(t, client, address, status));
        }
    }

    static String line(RequestTrace t, String client, String address, int status) {
        Duration ttft = t.timeToFirstOutput();
        UsageCounts usage = t.usage();
        return "[" + t.requestId() + "]"
                + " client=" + clean(client)
                + " ip=" + clean(address)
                + " " + clean(t.method()) + " " + clean(t.path())
                + " model=" + clean(t.model())
                + " status=" + status
                + " stream=" + t.stream()
                + " latency_ms=" + t.elapsed().toMillis()
                + " ttft_ms=" + (ttft == null ? "-" : Long.toString(ttft.toMillis()))
                + " tokens=" + (usage == null ? "-" : usage.inputTokens() + "/" + usage.outputTokens() + "/" + usage.thinkingTokens())
                + " key=" + clean(t.keyAlias())
                + " retries=" + t.failovers();
    }

    static String clean(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        String kept = value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value;
        // Most values are clean: copied only when a character has to be replaced.
        char[] chars = null;
        for (int i = 0; i < kept.length(); i++) {
            char c = kept.charAt(i);
            if (c <= ' ' || c == 0x7f || Character.isWhitespace(c)) {
                if (chars == null) {
                    chars = kept.toCharArray();
                }
                chars[i] = '_';
            }
        }
        return SecretMask.scrub(chars == null ? kept : new String(chars));
    }
}
