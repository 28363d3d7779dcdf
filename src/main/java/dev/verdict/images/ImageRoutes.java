package dev.verdict.images;

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
                case EXPIRED -> {
                    return Reply.error(403, "link_expired", "This image link has expired");
                }
                case INVALID -> {
                    return Reply.error(403, "link_invalid", "This image link is not valid");
                }
                case VALID -> {
                    // fall through to serving
                }
            }
            var served = images.fetchForLink(id, request.remoteHost());
            if (served.isEmpty()) {
                return Reply.error(404, "not_found", "No such image");
            }
            return new Reply(200, served.get().image().contentType(), served.get().bytes(),
                    Map.of("Cache-Control", "no-store"));
        });
    }
}
