package vn.chibo.pulse.registry.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate authority made for one test and a server certificate it signed for 127.0.0.1, with the
 * JDK's keytool (no API of the JDK makes certificates).
 */
record TestCertificates(Path serverKeyStore, Path trustStore, String password) {

    static TestCertificates create(Path dir) throws IOException, InterruptedException {
        String password = "changeit";
        Path ca = dir.resolve("ca.p12");
        Path server = dir.resolve("server.p12");
        Path trust = dir.resolve("trust.p12");
        Path caCert = dir.resolve("ca.crt");
        Path csr = dir.resolve("server.csr");
        Path serverCert = dir.resolve("server.crt");
        keytool(ca, password, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=Pulse Test CA", "-ext", "bc:c", "-validity", "2");
        keytool(ca, password, "-exportcert", "-alias", "ca", "-rfc", "-file", caCert.toString());
        keytool(server, password, "-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-validity", "2");
        keytool(server, password, "-certreq", "-alias", "registry", "-file", csr.toString());
        keytool(ca, password, "-gencert", "-alias", "ca", "-infile", csr.toString(), "-outfile", serverCert.toString(),
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-rfc");
        keytool(server, password, "-importcert", "-alias", "ca", "-file", caCert.toString(), "-noprompt");
        keytool(server, password, "-importcert", "-alias", "registry", "-file", serverCert.toString());
        keytool(trust, password, "-importcert", "-alias", "ca", "-file", caCert.toString(), "-noprompt");
        return new TestCertificates(server, trust, password);
    }

    private static void keytool(Path store, String password, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", password));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
