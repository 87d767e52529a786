package vn.chibo.pulse.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import vn.chibo.pulse.registry.client.SchemaRegistryClientConfig;

/** The TLS context of a registry client that trusts the authorities of a configured trust store. */
public final class TrustStores {

    private TrustStores() {
    }

    /** The context trusting {@code schema.registry.ssl.truststore.*}, or null: the JDK's defaults. */
    public static SSLContext sslContext(SchemaRegistryClientConfig config) {
        String location = config.getString(SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION_CONFIG);
        if (location == null || location.isBlank()) {
            return null;
        }
        Password password = config.getPassword(SchemaRegistryClientConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(config.getString(SchemaRegistryClientConfig.SSL_TRUSTSTORE_TYPE_CONFIG));
            store.load(in, password == null ? null : password.value().toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, location,
                    "cannot read the trust store: " + e);
        }
    }
}
