package vn.chibo.pulse.registry.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import vn.chibo.pulse.registry.client.SchemaRegistryClientConfig;

/**
 * One registry URL as the client calls it: the URL without its user info (which must not appear in
 * messages) and the basic credentials to send, from the URL or from {@code basic.auth.user.info}.
 */
public record RegistryEndpoint(String url, String authorization) {

    public static RegistryEndpoint of(String url, SchemaRegistryClientConfig config) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigException(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG, redacted(url), e.getMessage());
        }
        String userInfo;
        if (config.credentialsFromUserInfo()) {
            Password password = config.getPassword(SchemaRegistryClientConfig.USER_INFO_CONFIG);
            if (password == null || password.value().indexOf(':') < 0) {
                throw new ConfigException(SchemaRegistryClientConfig.USER_INFO_CONFIG, "[hidden]",
                        "basic.auth.credentials.source=USER_INFO needs basic.auth.user.info as user:password");
            }
            userInfo = password.value();
        } else {
            userInfo = uri.getUserInfo();
        }
        return new RegistryEndpoint(withoutUserInfo(uri), userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }

    private static String withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        return uri.getScheme() + "://" + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static String redacted(String url) {
        return url.replaceFirst("//[^/@]*@", "//[hidden]@");
    }
}
