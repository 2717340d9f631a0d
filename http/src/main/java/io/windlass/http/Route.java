package io.windlass.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One endpoint: its method, its path as a regex whose groups are the path parameters, a bounded name for meters
 * ({@code /api/v1/tasks/{id}}), whether it writes (auth, CSRF, read-only and audit apply) and whether it is open
 * (health probes: no auth).
 */
record Route(String method, Pattern path, String name, boolean write, boolean open, Endpoint endpoint) {
    /** Serves one matched request; throws ApiError or WindlassException for error replies. */
    @FunctionalInterface
    interface Endpoint {
        Reply serve(Call call) throws IOException;
    }

    Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    static Route get(String regex, String name, Endpoint e) {
        return new Route("GET", Pattern.compile(regex), name, false, false, e);
    }

    static Route open(String regex, String name, Endpoint e) {
        return new Route("GET", Pattern.compile(regex), name, false, true, e);
    }

    static Route write(String method, String regex, String name, Endpoint e) {
        return new Route(method, Pattern.compile(regex), name, true, false, e);
    }

    /** The URL-decoded path parameters if {@code rawPath} matches, else null. */
    List<String> match(String rawPath) {
        Matcher m = path.matcher(rawPath);
        if (!m.matches()) {
            return null;
        }
        List<String> params = new ArrayList<>();
        for (int i = 1; i <= m.groupCount(); i++) {
            params.add(Call.decode(m.group(i)));
        }
        return params;
    }
}
