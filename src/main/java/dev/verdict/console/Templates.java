package dev.verdict.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * The console's templates (src/main/jte), compiled to classes at build time by the jte Maven plugin:
 * nothing is compiled or read from disk at run time. HTML content type, so every {@code ${...}} is
 * escaped for where it stands (text or attribute); nothing a partner or operator typed becomes markup.
 */
final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    String render(String template, Map<String, Object> params) {
        var output = new StringOutput();
        engine.render(template, params, output);
        return output.toString();
    }
}
