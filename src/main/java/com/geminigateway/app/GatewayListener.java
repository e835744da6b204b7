package com.geminigateway.app;

import com.geminigateway.config.ConfigException;
import com.geminigateway.config.ConfigLoader;
import com.geminigateway.config.ConfigSources;
import com.geminigateway.config.LoadedConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.time.Clock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Starts the gateway with the web application and stops it with it. Invalid settings stop start-up. */
public final class GatewayListener implements ServletContextListener {

    private static final Logger LOG = LogManager.getLogger(GatewayListener.class);

    private Gateway gateway;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        LoadedConfig loaded;
        try {
            loaded = ConfigLoader.load(ConfigSources.fromProcess(context::getInitParameter));
            loaded.warnings().forEach(LOG::warn);
            // A reload of the keys reads the same sources again (files may have changed; the environment cannot).
            gateway = new Gateway(loaded.config(), Clock.systemUTC(),
                    () -> ConfigLoader.load(ConfigSources.fromProcess(context::getInitParameter)).config().geminiApiKeys());
        } catch (ConfigException e) {
            LOG.error(e.getMessage());
            System.err.println("Gemini Gateway cannot start. " + e.getMessage());
            throw e;
        }
        gateway.attachTo(context);
        gateway.startBackgroundWork();
        announce(loaded);
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
