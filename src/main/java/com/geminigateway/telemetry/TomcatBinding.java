package com.geminigateway.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.tomcat.TomcatMetrics;
import java.lang.management.ManagementFactory;

/**
 * Tomcat's own metrics (request processors, threads, sessions, from its JMX beans). Kept in a class of its
 * own and loaded only on Tomcat: on Jetty the Tomcat classes it needs do not exist.
 */
final class TomcatBinding {

    private TomcatBinding() {
    }

    /** True when the container is Tomcat and its classes are visible to this web application. */
    static boolean available(String serverInfo) {
        if (serverInfo == null || !serverInfo.startsWith("Apache Tomcat")) {
            return false;
        }
        try {
            Class.forName("org.apache.catalina.Manager", false, TomcatBinding.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static AutoCloseable bind(MeterRegistry registry) {
        TomcatMetrics metrics = new TomcatMetrics(null, Tags.empty(), ManagementFactory.getPlatformMBeanServer());
        metrics.bindTo(registry);
        return metrics;
    }
}
