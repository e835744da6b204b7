package com.geminigateway.app;

import com.geminigateway.config.ConfigException;
import com.geminigateway.config.ConfigLoader;
import com.geminigateway.config.ConfigSources;
import com.geminigateway.config.GatewayConfig;
import com.geminigateway.config.LoadedConfig;
import com.geminigateway.keys.KeySpec;
import com.geminigateway.config.SecretMask;
import com.geminigateway.logs.LogSetup;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Starts the gateway with the web application and stops it with it. Invalid settings stop start-up. */
public final class GatewayListener implements ServletContextListener {

    /**
     * A {@link Runnable} in the servlet context: run it before stopping the server to drain running streams.
     * A plain JDK type, so the launcher (outside the web application's class loader) can call it.
     */
    public static final String DRAIN_ATTRIBUTE = "gemini-gateway.drain";

    private static final Logger LOG = LogManager.getLogger(GatewayListener.class);

    /** A context attribute through which an embedding may supply the clock. */
    public static final String CLOCK_ATTRIBUTE = "com.geminigateway.clock";

    private Gateway gateway;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        LoadedConfig loaded;
        try {
            loaded = ConfigLoader.load(ConfigSources.fromProcess(context::getInitParameter));
            GatewayConfig config = loaded.config();
            LogSetup.apply(config.logging(), config.debug(), secretsOf(config, config.password().orElse(null)));
            loaded.warnings().forEach(LOG::warn);
            // A reload of the keys reads the same sources again (files may have changed; the environment cannot).
            gateway = new Gateway(config, clock(context),
                    () -> ConfigLoader.load(ConfigSources.fromProcess(context::getInitParameter)).config().geminiApiKeys());
            if (config.password().isEmpty()) {
                // The password was generated or read from the data directory: mask it too from now on.
                LogSetup.apply(config.logging(), config.debug(), secretsOf(config, gateway.password().password()));
            }
        } catch (ConfigException e) {
            LOG.error(e.getMessage());
            System.err.println("Gemini Gateway cannot start. " + e.getMessage());
            throw e;
        }
        gateway.attachTo(context);
        // For whoever stops the server (the launcher on SIGTERM): let streams finish before anything closes.
        context.setAttribute(DRAIN_ATTRIBUTE, (Runnable) () -> gateway.streams().drain(loaded.config().server().shutdownGrace()));
        gateway.startBackgroundWork();
        announce(loaded);
    }

    /** Everything the logs and error bodies must never show. */
    private static SecretMask secretsOf(GatewayConfig config, String password) {
        List<String> secrets = new ArrayList<>();
        for (String entry : config.geminiApiKeys()) { // "KEY@PROJECT/TIER": the key part is the secret
            try {
                secrets.add(KeySpec.parse(entry).secret());
            } catch (IllegalArgumentException malformed) {
                secrets.add(entry);
            }
        }
        secrets.add(password);
        config.monitoring().metricsToken().ifPresent(secrets::add);
        return SecretMask.of(secrets);
    }

    /** The system clock, unless an embedding (the end-to-end tests) put another one in the context first. */
    private static Clock clock(ServletContext context) {
        return context.getAttribute(CLOCK_ATTRIBUTE) instanceof Clock clock ? clock : Clock.systemUTC();
    }

    private void announce(LoadedConfig loaded) {
        var config = loaded.config();
        LOG.info("Gemini Gateway started: {} Gemini keys, upstream {}, data in {}",
                config.geminiApiKeys().size(), config.upstream().baseUrl(), config.dataDir());
        var password = gateway.password();
        if (password.generatedNow()) {
            // Shown once, on the console only (never in a log file); it stays in the data directory.
            System.out.println("\n  No PASSWORD is set, so the gateway generated one. Clients use it as their API key:\n\n    "
                    + password.password() + "\n\n  It is stored in " + password.file().orElseThrow()
                    + "; set PASSWORD to choose your own.\n");
        } else if (password.file().isPresent()) {
            LOG.info("Using the generated gateway password stored in {}", password.file().get());
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (gateway != null) {
            gateway.close();
            LOG.info("Gemini Gateway stopped");
        }
    }
}
