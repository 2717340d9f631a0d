package io.windlass.http;

import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.WindlassException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque page cursor of {@code GET /api/v1/tasks}: the last id of the page, base64url-encoded with a version tag,
 * so clients treat it as a token and the server can change it later. Pure functions.
 */
final class Cursor {
    private static final String TAG = "v1:";

    private Cursor() {
    }

    static String encode(String lastId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((TAG + lastId).getBytes(StandardCharsets.UTF_8));
    }

    /** The id after which the next page starts; INVALID_ARGUMENT (400) for anything this server did not issue. */
    static String decode(String cursor) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("bad cursor: not one this server issued");
        }
        if (!text.startsWith(TAG)) {
            throw ApiError.badRequest("bad cursor: not one this server issued");
        }
        String id = text.substring(TAG.length());
        try {
            return TaskRecord.requireValidId(id);
        } catch (WindlassException e) {
            throw ApiError.badRequest("bad cursor: not one this server issued");
        }
    }
}
