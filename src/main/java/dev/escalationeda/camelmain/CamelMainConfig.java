package dev.escalationeda.camelmain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.escalationeda.escalation.EscalationConfig;
import dev.escalationeda.events.EventOutboxConfig;
import dev.escalationeda.jira.JiraConfig;
import dev.escalationeda.notification.BackstageConfig;
import dev.escalationeda.notification.MailConfig;
import dev.escalationeda.notification.SmtpConfig;
import dev.escalationeda.provisioning.ProvisioningConfig;
import dev.escalationeda.request.ApiConfig;
import dev.escalationeda.request.NamespaceSizes;
import dev.escalationeda.request.RequestWorkConfig;
import dev.escalationeda.strategy.StrategyConfig;
import dev.escalationeda.ticket.ApprovalConfig;
import dev.escalationeda.webhook.ListenerCompatibilityConfig;
import dev.escalationeda.webhook.WebhookConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.LoadablePropertiesSource;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.util.StringHelper;

/**
 * The service's configuration outside Quarkus, read as Quarkus reads it: application.properties from the
 * classpath, then config/application.properties in the working directory, then environment variables and
 * system properties, with {@code ${VAR:default}} expressions and the prod profile. It is also a Camel
 * properties source, so that the routes' {@code {{...}}} placeholders see the same values, and Camel Main
 * configures the context from its {@code camel.*} settings (thread pools, components, REST); Camel's own
 * properties files know neither those expressions nor profiles. The {@code camel.main.*} settings are the
 * Quarkus application's (which routes to load from where) and stay out: {@code camel run} names its routes.
 */
public final class CamelMainConfig implements LoadablePropertiesSource {

    /** The ordinals Quarkus gives application.properties in the jar and in ./config. */
    private static final int CLASSPATH_ORDINAL = 250;
    private static final int WORKING_DIRECTORY_ORDINAL = 260;
    private static final int CONVERTER_PRIORITY = 200;

    private static final List<Class<?>> MAPPINGS = List.of(ListenerCompatibilityConfig.class, WebhookConfig.class,
            NamespaceSizes.class, RequestWorkConfig.class, ApiConfig.class, JiraConfig.class, MailConfig.class, SmtpConfig.class,
            BackstageConfig.class, StrategyConfig.class, ApprovalConfig.class, ProvisioningConfig.class, EscalationConfig.class,
            EventOutboxConfig.class);

    private static final Pattern THREAD_POOL = Pattern.compile("camel\\.threadpool\\.config\\[([^]]+)]\\.(.+)");
    private static final String REST = "camel.rest.";

    private final SmallRyeConfig config;

    private CamelMainConfig(SmallRyeConfig config) {
        this.config = config;
    }

    public static CamelMainConfig load() {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultSources().addDefaultInterceptors()
                .withProfile("prod").withValidateUnknown(false)
                // Durations as Quarkus reads them: "60" is 60 seconds, "5m" and "PT5M" five minutes.
                .withConverter(Duration.class, CONVERTER_PRIORITY, new DurationConverter());
        URL packaged = CamelMainConfig.class.getClassLoader().getResource("application.properties");
        try {
            if (packaged != null) {
                builder.withSources(new PropertiesConfigSource(packaged, CLASSPATH_ORDINAL));
            }
            Path local = Path.of("config", "application.properties");
            if (Files.isRegularFile(local)) {
                builder.withSources(new PropertiesConfigSource(local.toUri().toURL(), WORKING_DIRECTORY_ORDINAL));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MAPPINGS.forEach(builder::withMapping);
        return new CamelMainConfig(builder.build());
    }

    public <T> T mapping(Class<T> type) {
        return config.getConfigMapping(type);
    }

    /** The value, with its expressions expanded; null when it is not set or empty. */
    public String value(String name) {
        String value = config.getConfigValue(name).getValue();
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * Applies the thread pool profiles ({@code camel.threadpool.config[id].*}) and the REST configuration
     * ({@code camel.rest.*}), which Camel Main reads before configuration classes run.
     */
    public void applyTo(CamelContext camelContext) {
        Map<String, Map<String, Object>> pools = new HashMap<>();
        Map<String, Object> rest = new HashMap<>();
        loadProperties().forEach((key, value) -> {
            Matcher pool = THREAD_POOL.matcher((String) key);
            if (pool.matches()) {
                pools.computeIfAbsent(pool.group(1), id -> new HashMap<>()).put(StringHelper.dashToCamelCase(pool.group(2)), value);
            } else if (((String) key).startsWith(REST)) {
                rest.put(StringHelper.dashToCamelCase(((String) key).substring(REST.length())), value);
            }
        });
        pools.forEach((id, settings) -> {
            ThreadPoolProfile profile = new ThreadPoolProfile(id);
            PropertyBindingSupport.build().withRemoveParameters(false).bind(camelContext, profile, settings);
            camelContext.getExecutorServiceManager().registerThreadPoolProfile(profile);
        });
        PropertyBindingSupport.build().withRemoveParameters(false).bind(camelContext, camelContext.getRestConfiguration(), rest);
    }

    @Override
    public String getName() {
        return "escalation-eda";
    }

    @Override
    public String getProperty(String name) {
        return value(name);
    }

    @Override
    public Properties loadProperties() {
        return loadProperties(name -> true);
    }

    @Override
    public Properties loadProperties(Predicate<String> filter) {
        Properties camel = new Properties();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("camel.") && !name.startsWith("camel.main.") && filter.test(name)) {
                String value = value(name);
                if (value != null) {
                    camel.setProperty(name, value);
                }
            }
        }
        return camel;
    }

    @Override
    public void reloadProperties(String location) {
        // The configuration is read once, at start, as in Quarkus.
    }
}
