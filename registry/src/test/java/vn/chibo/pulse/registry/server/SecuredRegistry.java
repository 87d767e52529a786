package vn.chibo.pulse.registry.server;

import java.util.HashMap;
import java.util.Map;
import vn.chibo.pulse.http.PasswordHash;

/** Settings of an embedded registry with basic authentication, for tests; the hash is made once per JVM. */
public final class SecuredRegistry {

    public static final String USER = "pulse-ci";
    public static final String PASSWORD = "ngựa đúng pin ghim";
    public static final String USER_INFO = USER + ":" + PASSWORD;
    private static final String USERS = USER + ":" + PasswordHash.create(PASSWORD.toCharArray());

    private SecuredRegistry() {
    }

    /** In memory, on a free loopback port, BASIC with {@link #USER}; {@code more} are key, value pairs. */
    public static Map<String, Object> settings(Object... more) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(SchemaRegistryServerConfig.HOST_CONFIG, "127.0.0.1");
        settings.put(SchemaRegistryServerConfig.PORT_CONFIG, 0);
        settings.put(SchemaRegistryServerConfig.AUTHENTICATION_METHOD_CONFIG, "BASIC");
        settings.put(SchemaRegistryServerConfig.AUTHENTICATION_USERS_CONFIG, USERS);
        for (int i = 0; i < more.length; i += 2) {
            settings.put((String) more[i], more[i + 1]);
        }
        return settings;
    }

    public static SchemaRegistryServer start(Object... more) {
        return SchemaRegistryServer.start(new SchemaRegistryServerConfig(settings(more)));
    }
}
