package com.geminigateway.relay;

import com.geminigateway.keys.Verdict;
import com.geminigateway.upstream.UpstreamFailure;
import java.time.Duration;

/**
 * What the relay tells the gateway's observers (metrics, the access log, the status page) about the
 * upstream side of a request. Called on I/O threads: implementations must be quick and must not throw.
 * Keys appear only by their masked alias.
 */
public interface RelayEvents {

    RelayEvents NONE = new RelayEvents() {
    };

    /**
     * An attempt failed after {@code elapsed}.
     *
     * @param verdict     what the failure meant for the key and the request
     * @param failingOver the request moves on to another key (a failover); false when it ends here
     */
    default void attemptFailed(String requestId, String model, String keyAlias, UpstreamFailure failure, Verdict verdict,
                               Duration elapsed, boolean failingOver) {
    }

    /** Gemini answered on {@code keyAlias}: a whole body arrived, or a stream's first bytes, after {@code elapsed}. */
    default void answered(String requestId, String model, String keyAlias, Duration elapsed) {
    }

    /** The first output of a streamed answer is on its way to the client. */
    default void firstOutput(String requestId) {
    }
}
