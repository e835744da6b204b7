package com.geminigateway.logs;

import com.geminigateway.config.GatewayConfig;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.LayoutComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Builds the gateway's logging from its own settings (LOG_DIR, MAX_LOG_SIZE, MAX_LOG_BACKUPS,
 * LOG_ROTATION_INTERVAL, DEBUG), so they work from every configuration source, context parameters
 * included: console for containers, {@code app.log} rotated by size, {@code error.log} rotated by time.
 * An operator's own log4j2 configuration (log4j2.configurationFile) is left alone.
 */
public final class LogSetup {

    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%t] %c{1} - %msg%n";

    private LogSetup() {
    }

    public static void apply(GatewayConfig.Logging logging, boolean debug) {
        if (System.getProperty("log4j2.configurationFile") != null || System.getProperty("log4j.configurationFile") != null) {
            return;
        }
        LoggerContext context = (LoggerContext) LogManager.getContext(LogSetup.class.getClassLoader(), false);
        if (context.isStarted()) {
            context.reconfigure(build(logging, debug));
        } else {
            // A context stopped by an earlier web application that shared this class loader (tests, some
            // containers' shared libraries) comes back with the new configuration.
            context.start(build(logging, debug));
        }
    }

    static BuiltConfiguration build(GatewayConfig.Logging logging, boolean debug) {
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setConfigurationName("gemini-gateway");
        b.setStatusLevel(Level.WARN);
        b.setShutdownHook("disable");
        Path dir = logging.dir();

        b.add(b.newAppender("console", "Console").addAttribute("target", "SYSTEM_OUT").add(layout(b)));

        AppenderComponentBuilder app = b.newAppender("app", "RollingFile")
                .addAttribute("fileName", dir.resolve("app.log").toString())
                .addAttribute("filePattern", dir.resolve("app.%i.log.gz").toString())
                .add(layout(b))
                .addComponent(b.newComponent("Policies").addComponent(b.newComponent("SizeBasedTriggeringPolicy")
                        .addAttribute("size", Long.toString(logging.maxFileSizeBytes()))))
                .addComponent(b.newComponent("DefaultRolloverStrategy")
                        .addAttribute("max", Integer.toString(logging.maxBackups()))
                        .addAttribute("fileIndex", "min"));
        b.add(app);

        AppenderComponentBuilder errors = b.newAppender("errors", "RollingFile")
                .addAttribute("fileName", dir.resolve("error.log").toString())
                .addAttribute("filePattern", dir.resolve("error." + datePattern(logging.rotationInterval()) + ".log.gz").toString())
                .add(layout(b))
                .add(b.newFilter("ThresholdFilter", Filter.Result.ACCEPT, Filter.Result.DENY).addAttribute("level", Level.ERROR))
                .addComponent(b.newComponent("Policies").addComponent(b.newComponent("TimeBasedTriggeringPolicy")
                        .addAttribute("interval", "1").addAttribute("modulate", "true")))
                .addComponent(b.newComponent("DefaultRolloverStrategy")
                        .addAttribute("max", Integer.toString(Math.max(1, logging.maxBackups()))));
        b.add(errors);

        // Library chatter stays out unless DEBUG asks for it.
        Level libraries = debug ? Level.INFO : Level.WARN;
        b.add(b.newLogger("org.apache.hc", libraries).addAttribute("additivity", true));
        b.add(b.newLogger("org.glassfish", libraries).addAttribute("additivity", true));
        b.add(b.newRootLogger(debug ? Level.DEBUG : Level.INFO)
                .add(b.newAppenderRef("console"))
                .add(b.newAppenderRef("app"))
                .add(b.newAppenderRef("errors")));
        return b.build(false);
    }

    /** The date part of rotated error.log names: the unit of the pattern is the rotation period. */
    static String datePattern(String rotationInterval) {
        return switch (rotationInterval) {
            case "hourly" -> "%d{yyyy-MM-dd-HH}";
            case "weekly" -> "%d{yyyy-ww}";
            default -> "%d{yyyy-MM-dd}"; // midnight, daily
        };
    }

    private static LayoutComponentBuilder layout(ConfigurationBuilder<BuiltConfiguration> b) {
        return b.newLayout("PatternLayout").addAttribute("pattern", PATTERN);
    }
}
