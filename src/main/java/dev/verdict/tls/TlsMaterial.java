package dev.verdict.tls;

import dev.verdict.config.Config;
import dev.verdict.files.PrivateFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The HTTPS listener's key and certificate: from configured PEM or PKCS#12 files, or, in sandbox
 * mode with none configured, a local CA and a leaf certificate generated once into
 * {@code <data dir>/tls}. The Node SDK only speaks HTTPS; trusting the CA (NODE_EXTRA_CA_CERTS)
 * lets it verify Verdict without turning verification off.
 */
public final class TlsMaterial {
    private static final Duration CA_LIFETIME = Duration.ofDays(3650);
    private static final Duration LEAF_LIFETIME = Duration.ofDays(825);

    /** The SSL context to serve with, and the generated CA's certificate file when one was generated. */
    public record Setup(SSLContext sslContext, Optional<Path> generatedCaCertificate) {}

    private TlsMaterial() {}

    public static Setup load(Config config) throws IOException, GeneralSecurityException {
        if (config.tlsPkcs12().isPresent()) {
            var password = config.tlsPkcs12Password().orElse("").toCharArray();
            var store = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(config.tlsPkcs12().get())) {
                store.load(in, password);
            }
            return new Setup(context(store, password), Optional.empty());
        }
        if (config.tlsCert().isPresent()) {
            return new Setup(fromPem(config.tlsCert().get(), config.tlsKey().orElseThrow()), Optional.empty());
        }
        var dir = config.dataDir().resolve("tls");
        var ca = dir.resolve("ca.pem");
        var cert = dir.resolve("server.pem");
        var key = dir.resolve("server-key.pem");
        if (!Files.exists(cert) || !Files.exists(key) || !Files.exists(ca)) {
            generate(dir, Instant.now());
        }
        return new Setup(fromPem(cert, key), Optional.of(ca));
    }

    /** Builds an SSL context from a PEM chain (leaf first) and a PEM private key. */
    static SSLContext fromPem(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
        var chain = new ArrayList<Certificate>();
        try (Reader reader = Files.newBufferedReader(certFile); var parser = new PEMParser(reader)) {
            Object item;
            var converter = new JcaX509CertificateConverter();
            while ((item = parser.readObject()) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + certFile);
        }
        PrivateKey privateKey;
        try (Reader reader = Files.newBufferedReader(keyFile); var parser = new PEMParser(reader)) {
            var item = parser.readObject();
            var converter = new JcaPEMKeyConverter();
            if (item instanceof PEMKeyPair pair) {
                privateKey = pair.getPublicKeyInfo() != null
                        ? converter.getKeyPair(pair).getPrivate()
                        : converter.getPrivateKey(pair.getPrivateKeyInfo());
            } else if (item instanceof PrivateKeyInfo info) {
                privateKey = converter.getPrivateKey(info);
            } else {
                throw new GeneralSecurityException("no unencrypted private key in " + keyFile);
            }
        }
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        var password = new char[0];
        store.setKeyEntry("verdict", privateKey, password, chain.toArray(Certificate[]::new));
        return context(store, password);
    }

    private static SSLContext context(KeyStore store, char[] password) throws GeneralSecurityException {
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        var context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, new SecureRandom());
        return context;
    }

    /** Generates the sandbox CA and a leaf for localhost, 127.0.0.1, ::1 and this host's name. */
    static void generate(Path dir, Instant now) throws IOException, GeneralSecurityException {
        try {
            var caKeys = ecKeyPair();
            var caName = new X500Name("CN=Verdict sandbox CA");
            var utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(CA_LIFETIME)), caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(caKeys.getPublic()));
            var caCert = sign(caBuilder, caKeys);

            var leafKeys = ecKeyPair();
            var names = new ArrayList<GeneralName>();
            for (var dns : hostNames()) {
                names.add(new GeneralName(GeneralName.dNSName, dns));
            }
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            names.add(new GeneralName(GeneralName.iPAddress, "::1"));
            X509v3CertificateBuilder leafBuilder = new JcaX509v3CertificateBuilder(caCert, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(LEAF_LIFETIME)),
                    new X500Name("CN=localhost"), leafKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(caCert));
            var leafCert = sign(leafBuilder, caKeys);

            PrivateFiles.write(dir.resolve("ca-key.pem"), pem(new JcaPKCS8Generator(caKeys.getPrivate(), null)));
            PrivateFiles.write(dir.resolve("server-key.pem"), pem(new JcaPKCS8Generator(leafKeys.getPrivate(), null)));
            PrivateFiles.write(dir.resolve("server.pem"), pem(leafCert) + pem(caCert));
            PrivateFiles.write(dir.resolve("ca.pem"), pem(caCert));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign certificates", e);
        }
    }

    private static List<String> hostNames() {
        var names = new LinkedHashSet<String>();
        names.add("localhost");
        try {
            var host = InetAddress.getLocalHost().getHostName();
            if (host != null && host.matches("[A-Za-z0-9.-]+")) {
                names.add(host);
            }
        } catch (IOException ignored) {
            // no resolvable host name: localhost and the loopback addresses still work
        }
        return List.copyOf(names);
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
    }

    private static String pem(Object object) throws IOException {
        var out = new StringWriter();
        try (var writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
