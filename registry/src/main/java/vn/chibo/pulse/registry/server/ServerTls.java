package vn.chibo.pulse.registry.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The server's TLS context from its key store ({@code ssl.keystore.*}, Confluent's names). */
final class ServerTls {

    private ServerTls() {
    }

    /** The context serving the key store's key and certificate chain, or null when none is configured: plain HTTP. */
    static SSLContext sslContext(SchemaRegistryServerConfig config) {
        String location = config.getString(SchemaRegistryServerConfig.SSL_KEYSTORE_LOCATION_CONFIG);
        if (location == null || location.isBlank()) {
            return null;
        }
        char[] storePassword = chars(config.getPassword(SchemaRegistryServerConfig.SSL_KEYSTORE_PASSWORD_CONFIG));
        Password keyPassword = config.getPassword(SchemaRegistryServerConfig.SSL_KEY_PASSWORD_CONFIG);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(config.getString(SchemaRegistryServerConfig.SSL_KEYSTORE_TYPE_CONFIG));
            store.load(in, storePassword);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, keyPassword == null ? storePassword : chars(keyPassword));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(SchemaRegistryServerConfig.SSL_KEYSTORE_LOCATION_CONFIG, location,
                    "cannot read the key store: " + e);
        }
    }

    private static char[] chars(Password password) {
        return password == null ? null : password.value().toCharArray();
    }
}
