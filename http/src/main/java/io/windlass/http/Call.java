package io.windlass.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One request as an endpoint sees it: the path parameters of its route, the query, the caller's name and the body
 * (read at most once, bounded). Used by one request thread only.
 */
final class Call {
    private final HttpExchange exchange;
    private final List<String> params;
    private final Map<String, String> query;
    private final String who;
    private final int maxBody;

    Call(HttpExchange exchange, List<String> params, String who, int maxBody) {
        this.exchange = exchange;
        this.params = List.copyOf(params);
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
        this.who = who;
        this.maxBody = maxBody;
    }

    /** The {@code i}-th path parameter, URL-decoded. */
    String param(int i) {
        return params.get(i);
    }

    /** A query parameter, or null; a parameter given twice is INVALID_ARGUMENT. */
    String query(String name) {
        return query.get(name);
    }

    /** An int query parameter in [min, max], {@code dflt} when absent; INVALID_ARGUMENT otherwise. */
    int intQuery(String name, int dflt, int min, int max) {
        String v = query(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badRequest("'" + name + "' must be an integer in " + min + ".." + max + ", was '" + v + "'");
    }

    /** The exchange itself, for an endpoint that streams its answer (then it answers {@link Reply#STREAMED}). */
    HttpExchange exchange() {
        return exchange;
    }

    String who() {
        return who;
    }

    ObjectNode body() throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("bad Content-Length");
            }
        }
        return Json.readObject(exchange.getRequestBody(), declared, maxBody);
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (out.put(k, v) != null) {
                throw ApiError.badRequest("query parameter '" + k + "' given twice");
            }
        }
        return out;
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("bad URL encoding in '" + s + "'");
        }
    }
}
