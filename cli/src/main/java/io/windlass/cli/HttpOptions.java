package io.windlass.cli;

import io.windlass.cli.worker.HttpEndpoint;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The HTTP API options of {@code worker} and {@code serve}: {@code --http}, {@code --http-token-file}, read-only. */
public final class HttpOptions {
    @Option(names = "--http", paramLabel = "HOST:PORT",
            description = "serve the HTTP API, health and metrics here, e.g. 127.0.0.1:8080 (0.0.0.0 for all hosts)")
    String http;

    @Option(names = "--http-token-file", paramLabel = "FILE",
            description = "require a bearer token from FILE (one per line: NAME TOKEN, or TOKEN)")
    Path tokenFile;

    @Option(names = "--http-read-only", description = "refuse every POST and DELETE of the HTTP API")
    boolean readOnly;

    @Option(names = "--http-base-path", paramLabel = "PATH",
            description = "serve the dashboard and the API under PATH too, e.g. /windlass behind a proxy")
    String basePath;

    /** The endpoint to serve, or null without {@code --http}. @throws WindlassException INVALID_ARGUMENT */
    public HttpEndpoint endpoint() {
        if (http == null) {
            if (tokenFile != null || readOnly || basePath != null) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "--http-token-file, --http-read-only and"
                        + " --http-base-path need --http HOST:PORT");
            }
            return null;
        }
        int colon = http.lastIndexOf(':');
        try {
            if (colon > 0) {
                return new HttpEndpoint(http.substring(0, colon), Integer.parseInt(http.substring(colon + 1)),
                        tokenFile, readOnly, basePath);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "--http '" + http + "': use HOST:PORT like"
                + " 127.0.0.1:8080");
    }
}
