package dev.keyceremony.kms.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Date;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class LazyDefaultTrustManagerTest {
  @Test
  void decidesExactlyAsTheJdkDefault_trustsItsCas_andRejectsASelfSignedServer() throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    X509TrustManager jdk = (X509TrustManager) tmf.getTrustManagers()[0];
    LazyDefaultTrustManager lazy = new LazyDefaultTrustManager();

    assertThat(lazy.getAcceptedIssuers()).hasSameSizeAs(jdk.getAcceptedIssuers()).isNotEmpty();
    X509Certificate ca = jdk.getAcceptedIssuers()[0];
    lazy.checkServerTrusted(new X509Certificate[] {ca}, "RSA"); // A trust anchor itself: trusted.

    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    X500Name name = new X500Name("CN=kms.us-east-1.amazonaws.com");
    X509Certificate self =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.ONE,
                        new Date(System.currentTimeMillis() - 60_000),
                        new Date(System.currentTimeMillis() + 3_600_000),
                        name,
                        kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
    assertThatThrownBy(() -> jdk.checkServerTrusted(new X509Certificate[] {self}, "RSA"))
        .isInstanceOf(CertificateException.class);
    assertThatThrownBy(() -> lazy.checkServerTrusted(new X509Certificate[] {self}, "RSA"))
        .isInstanceOf(CertificateException.class);
  }
}
