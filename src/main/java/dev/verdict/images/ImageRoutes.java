package dev.verdict.images;

import dev.verdict.http.ApiException;
import dev.verdict.http.ErrorCode;
import dev.verdict.http.Reply;
import dev.verdict.http.Routes;
import java.time.InstantSource;
import java.util.Map;

/** {@code GET /images/{id}}: serves an image behind an expiring signed link. */
public final class ImageRoutes {
    private ImageRoutes() {}

    public static void register(Routes routes, ImageService images, ImageLinks links, InstantSource clock) {
        routes.get("/images/{id}", request -> {
            var id = request.pathParam("id");
            var check = links.check(id, request.query("expires").orElse(null),
                    request.query("signature").orElse(null), clock.instant());
            switch (check) {
                case EXPIRED -> throw new ApiException(ErrorCode.LINK_EXPIRED);
                case INVALID -> throw new ApiException(ErrorCode.LINK_INVALID);
                case VALID -> {
                    // fall through to serving
                }
            }
            var served = images.fetchForLink(id, request.remoteHost())
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "No such image"));
            return new Reply(200, served.image().contentType(), served.bytes(), Map.of("Cache-Control", "no-store"));
        });
    }
}
