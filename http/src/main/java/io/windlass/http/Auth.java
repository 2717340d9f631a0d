package io.windlass.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who may call the API: nobody is asked (open; still loopback-only by default), bearer tokens (each with a name that
 * the audit log shows), or one basic-auth user. Comparisons are constant-time. Immutable, thread-safe.
 */
final class Auth {
    static final Auth OPEN = new Auth(Map.of(), null, null);

    private final Map<String, byte[]> tokens; // name -> token
    private final String user;
    private final byte[] password;

    private Auth(Map<String, byte[]> tokens, String user, byte[] password) {
        this.tokens = tokens;
        this.user = user;
        this.password = password;
    }

    static Auth tokens(Map<String, String> nameToToken) {
        Map<String, byte[]> t = new LinkedHashMap<>();
        nameToToken.forEach((name, token) -> {
            if (name == null || name.isBlank() || token == null || token.length() < 16) {
                throw new IllegalArgumentException("each bearer token needs a name and at least 16 characters");
            }
            t.put(name, token.getBytes(StandardCharsets.UTF_8));
        });
        if (t.isEmpty()) {
            throw new IllegalArgumentException("no bearer token given");
        }
        return new Auth(Map.copyOf(t), null, null);
    }

    /**
     * Tokens from a file: one per line, {@code NAME TOKEN} or just {@code TOKEN} (named {@code token-<line>});
     * blank lines and {@code #} comments are skipped.
     */
    static Auth tokensFile(Path file) {
        Map<String, String> t = new LinkedHashMap<>();
        try {
            int n = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                n++;
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                String[] parts = s.split("\\s+");
                if (parts.length > 2) {
                    throw new IllegalArgumentException(file + " line " + n + ": use 'NAME TOKEN' or 'TOKEN'");
                }
                t.put(parts.length == 2 ? parts[0] : "token-" + n, parts[parts.length - 1]);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the token file " + file + ": " + e.getMessage(), e);
        }
        return tokens(t);
    }

    static Auth basic(String user, String password) {
        if (user == null || user.isBlank() || user.contains(":")) {
            throw new IllegalArgumentException("basic auth needs a user name without ':'");
        }
        if (password == null || password.length() < 8) {
            throw new IllegalArgumentException("basic auth needs a password of at least 8 characters");
        }
        return new Auth(Map.of(), user, password.getBytes(StandardCharsets.UTF_8));
    }

    boolean open() {
        return tokens.isEmpty() && user == null;
    }

    /** The challenge to send with a 401. */
    String challenge() {
        return user != null ? "Basic realm=\"windlass\", charset=\"UTF-8\"" : "Bearer realm=\"windlass\"";
    }

    /**
     * Who sent a request with this {@code Authorization} header: the token's name or the user; {@code "anonymous"}
     * when the server is open; null when the credentials are missing or wrong.
     */
    String who(String authorization) {
        if (open()) {
            return "anonymous";
        }
        if (authorization == null) {
            return null;
        }
        if (user != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(authorization.substring(6).strip());
            } catch (IllegalArgumentException e) {
                return null;
            }
            byte[] expected = (user + ":" + new String(password, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(decoded, expected) ? user : null;
        }
        if (!tokens.isEmpty() && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
            String found = null;
            for (Map.Entry<String, byte[]> e : tokens.entrySet()) {
                if (MessageDigest.isEqual(given, e.getValue()) && found == null) {
                    found = e.getKey();
                }
            }
            return found;
        }
        return null;
    }

    @Override
    public String toString() {
        return open() ? "open" : user != null ? "basic(" + user + ")" : "bearer(" + tokens.size() + " tokens)";
    }

    static Auth requireNonNull(Auth a) {
        return Objects.requireNonNull(a, "auth");
    }
}
