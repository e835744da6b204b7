package com.geminigateway.logs;

import com.geminigateway.config.GatewayConfig;
import com.geminigateway.config.SecretMask;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractOutputStreamAppender;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.api.LayoutComponentBuilder;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Builds the gateway's logging from its own settings (LOG_DIR, MAX_LOG_SIZE, MAX_LOG_BACKUPS,
 * LOG_ROTATION_INTERVAL, LOG_RETENTION_DAYS, DEBUG, LOG_PROMPTS), so they work from every configuration
 * source, context parameters included: console for containers, {@code app.log} rotated by size,
 * {@code error.log} rotated by time, {@code access.log} (one line per request) rotated by time and size.
 * Every line goes through the {@link SecretMask}, exceptions included, except access lines: those are
 * written for every request, so their values are masked one by one as the line is built (the mask's
 * regular expression over whole lines was a tenth of the gateway's CPU under load). For the same reason
 * access lines are buffered, as nginx's {@code access_log ... buffer= flush=} does: they reach access.log
 * when 8 KB are ready, and the console when 4 KB are ({@link BlockBufferedStdout}), or both when
 * {@link #flushBuffered} runs (every second), instead of costing writes to the kernel per request. An
 * operator's own log4j2 configuration (log4j2.configurationFile) is left alone.
 */
public final class LogSetup {

    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%t] %c{1} - %msg%n";
    static final String ACCESS_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %msg%n";
    /** One line per request; see {@code telemetry.AccessLog}. */
    public static final String ACCESS_LOGGER = "gateway.access";
    /** Request bodies, only when LOG_PROMPTS is on. */
    public static final String PROMPTS_LOGGER = "gateway.prompts";
    /** Rotated files of every appender: what retention may delete. */
    static final String ROTATED_FILES = "(app|error|access)\\..+\\.log\\.gz";
    private static final String ACCESS_CONSOLE = "access-console";

    /** The console copy of the access lines, of the configuration in use. */
    private static volatile BlockBufferedStdout accessConsole;

    private LogSetup() {
    }

    public static void apply(GatewayConfig.Logging logging, boolean debug, SecretMask mask) {
        SecretMask.install(mask);
        if (System.getProperty("log4j2.configurationFile") != null || System.getProperty("log4j.configurationFile") != null) {
            return;
        }
        LoggerContext context = (LoggerContext) LogManager.getContext(LogSetup.class.getClassLoader(), false);
        if (context.isStarted()) {
            context.reconfigure(build(logging, debug, mask));
        } else {
            // A context stopped by an earlier web application that shared this class loader (tests, some
            // containers' shared libraries) comes back with the new configuration.
            context.start(build(logging, debug, mask));
        }
        addAccessConsole(context);
    }

    /**
     * The console copy of the access lines: a stream appender (which a configuration builder cannot describe,
     * so it joins the running configuration) on standard output written in blocks.
     */
    private static void addAccessConsole(LoggerContext context) {
        Configuration config = context.getConfiguration();
        BlockBufferedStdout stdout = new BlockBufferedStdout();
        Appender appender = OutputStreamAppender.newBuilder().setName(ACCESS_CONSOLE).setTarget(stdout)
                .setLayout(PatternLayout.newBuilder().withPattern(PATTERN).withConfiguration(config).build())
                .setConfiguration(config).build();
        appender.start();
        config.addAppender(appender);
        config.getLoggerConfig(ACCESS_LOGGER).addAppender(appender, null, null);
        context.updateLoggers();
        accessConsole = stdout;
    }

    static BuiltConfiguration build(GatewayConfig.Logging logging, boolean debug, SecretMask mask) {
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setConfigurationName("gemini-gateway");
        b.setStatusLevel(Level.WARN);
        b.setShutdownHook("disable");
        Path dir = logging.dir();

        b.add(b.newAppender("console", "Console").addAttribute("target", "SYSTEM_OUT").add(layout(b, PATTERN, mask)));

        b.add(b.newAppender("app", "RollingFile")
                .addAttribute("fileName", dir.resolve("app.log").toString())
                .addAttribute("filePattern", dir.resolve("app.%i.log.gz").toString())
                .add(layout(b, PATTERN, mask))
                .addComponent(b.newComponent("Policies").addComponent(sizePolicy(b, logging)))
                .addComponent(rollover(b, logging, logging.maxBackups()).addAttribute("fileIndex", "min")));

        b.add(b.newAppender("errors", "RollingFile")
                .addAttribute("fileName", dir.resolve("error.log").toString())
                .addAttribute("filePattern", dir.resolve("error." + datePattern(logging.rotationInterval()) + ".log.gz").toString())
                .add(layout(b, PATTERN, mask))
                .add(b.newFilter("ThresholdFilter", Filter.Result.ACCEPT, Filter.Result.DENY).addAttribute("level", Level.ERROR))
                .addComponent(b.newComponent("Policies").addComponent(timePolicy(b)))
                .addComponent(rollover(b, logging, Math.max(1, logging.maxBackups()))));

        AppenderComponentBuilder access = b.newAppender("access", "RollingFile")
                .addAttribute("fileName", dir.resolve("access.log").toString())
                .addAttribute("filePattern", dir.resolve("access." + datePattern(logging.rotationInterval()) + ".%i.log.gz").toString())
                .addAttribute("immediateFlush", false)
                .add(unmasked(b, ACCESS_PATTERN))
                .addComponent(b.newComponent("Policies").addComponent(timePolicy(b)).addComponent(sizePolicy(b, logging)))
                .addComponent(rollover(b, logging, Math.max(1, logging.maxBackups())));
        b.add(access);

        // Library chatter stays out unless DEBUG asks for it.
        Level libraries = debug ? Level.INFO : Level.WARN;
        b.add(b.newLogger("org.apache.hc", libraries).addAttribute("additivity", true));
        b.add(b.newLogger("org.glassfish", libraries).addAttribute("additivity", true));
        b.add(b.newLogger("org.thymeleaf", libraries).addAttribute("additivity", true));
        // Access lines go to access.log and the console (containers read only that; see addAccessConsole), not
        // into app.log.
        b.add(b.newLogger(ACCESS_LOGGER, Level.INFO).addAttribute("additivity", false).add(b.newAppenderRef("access")));
        // Prompts are never logged unless LOG_PROMPTS says so, whatever DEBUG says.
        b.add(b.newLogger(PROMPTS_LOGGER, logging.logPrompts() ? Level.DEBUG : Level.OFF).addAttribute("additivity", true));
        b.add(b.newRootLogger(debug ? Level.DEBUG : Level.INFO)
                .add(b.newAppenderRef("console"))
                .add(b.newAppenderRef("app"))
                .add(b.newAppenderRef("errors")));
        return b.build(false);
    }

    /**
     * Writes out what buffered appenders hold (the access lines here, or any appender of an operator's own
     * configuration that does not flush each line); the gateway runs it every second, log4j at its stop.
     */
    public static void flushBuffered() {
        LoggerContext context = (LoggerContext) LogManager.getContext(LogSetup.class.getClassLoader(), false);
        for (Appender appender : context.getConfiguration().getAppenders().values()) {
            if (appender instanceof AbstractOutputStreamAppender<?> stream && !stream.getImmediateFlush()) {
                stream.getManager().flush();
            }
        }
        BlockBufferedStdout stdout = accessConsole;
        if (stdout != null) {
            try {
                stdout.flushNow();
            } catch (IOException e) {
                // Standard output is gone (closed pipe): nothing to tell, nowhere to tell it.
            }
        }
    }

    /** The date part of rotated names: the unit of the pattern is the rotation period. */
    static String datePattern(String rotationInterval) {
        return switch (rotationInterval) {
            case "hourly" -> "%d{yyyy-MM-dd-HH}";
            case "weekly" -> "%d{yyyy-ww}";
            default -> "%d{yyyy-MM-dd}"; // midnight, daily
        };
    }

    private static ComponentBuilder<?> sizePolicy(ConfigurationBuilder<BuiltConfiguration> b, GatewayConfig.Logging logging) {
        return b.newComponent("SizeBasedTriggeringPolicy").addAttribute("size", Long.toString(logging.maxFileSizeBytes()));
    }

    private static ComponentBuilder<?> timePolicy(ConfigurationBuilder<BuiltConfiguration> b) {
        return b.newComponent("TimeBasedTriggeringPolicy").addAttribute("interval", "1").addAttribute("modulate", "true");
    }

    /** Keeps {@code max} files per period, and deletes rotated files of every log older than the retention. */
    private static ComponentBuilder<?> rollover(ConfigurationBuilder<BuiltConfiguration> b, GatewayConfig.Logging logging, int max) {
        ComponentBuilder<?> strategy = b.newComponent("DefaultRolloverStrategy").addAttribute("max", Integer.toString(max));
        if (logging.retentionDays() > 0) {
            strategy.addComponent(b.newComponent("Delete")
                    .addAttribute("basePath", logging.dir().toString())
                    .addAttribute("maxDepth", "1")
                    .addComponent(b.newComponent("IfFileName").addAttribute("regex", ROTATED_FILES))
                    .addComponent(b.newComponent("IfLastModified").addAttribute("age", logging.retentionDays() + "d")));
        }
        return strategy;
    }

    private static LayoutComponentBuilder layout(ConfigurationBuilder<BuiltConfiguration> b, String pattern, SecretMask mask) {
        return unmasked(b, pattern).addComponent(b.newComponent("replace").addAttribute("regex", mask.regex())
                .addAttribute("replacement", mask.replacement()));
    }

    /** For access lines only, whose values are masked as the line is built. */
    private static LayoutComponentBuilder unmasked(ConfigurationBuilder<BuiltConfiguration> b, String pattern) {
        return b.newLayout("PatternLayout").addAttribute("pattern", pattern);
    }
}
