package io.windlass.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One etcd cluster and how to reach it: the options of {@code windlass worker --config}'s clusters (and of etcdctl),
 * under {@code windlass.etcd.*} or {@code windlass.clusters[i].*}. An {@code https://} endpoint needs {@code cacert}
 * (or, for tests only, {@code insecure-skip-tls-verify}); TLS options with {@code http://} endpoints are refused.
 */
public class EtcdProperties {
    /** The etcd endpoints, e.g. http://127.0.0.1:2379 (a list, or one comma-separated string). */
    private List<String> endpoints = new ArrayList<>();
    /** PEM file of the CA(s) that signed the etcd servers' certificates (etcdctl --cacert). */
    private Path cacert;
    /** PEM client certificate for mutual TLS (etcdctl --cert); needs key. */
    private Path cert;
    /** PEM key of cert, unencrypted PKCS#8 or PKCS#1 RSA (etcdctl --key). */
    private Path key;
    /** Name the servers' certificates are checked against, for endpoints given as IP addresses. */
    private String authority;
    /** etcd user (auth on); needs password or password-file. */
    private String user;
    /** The user's password; prefer password-file. */
    private String password;
    /** A file holding the user's password (one trailing newline is ignored). */
    private Path passwordFile;
    /** TLS without verifying the servers (tests only; logged as a WARN). */
    private boolean insecureSkipTlsVerify;
    /** How long connecting to a member may take before a call fails. */
    private Duration connectTimeout = Duration.ofSeconds(3);

    public List<String> getEndpoints() {
        return endpoints;
    }

    public void setEndpoints(List<String> endpoints) {
        this.endpoints = endpoints;
    }

    public Path getCacert() {
        return cacert;
    }

    public void setCacert(Path cacert) {
        this.cacert = cacert;
    }

    public Path getCert() {
        return cert;
    }

    public void setCert(Path cert) {
        this.cert = cert;
    }

    public Path getKey() {
        return key;
    }

    public void setKey(Path key) {
        this.key = key;
    }

    public String getAuthority() {
        return authority;
    }

    public void setAuthority(String authority) {
        this.authority = authority;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public Path getPasswordFile() {
        return passwordFile;
    }

    public void setPasswordFile(Path passwordFile) {
        this.passwordFile = passwordFile;
    }

    public boolean isInsecureSkipTlsVerify() {
        return insecureSkipTlsVerify;
    }

    public void setInsecureSkipTlsVerify(boolean insecureSkipTlsVerify) {
        this.insecureSkipTlsVerify = insecureSkipTlsVerify;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }
}
