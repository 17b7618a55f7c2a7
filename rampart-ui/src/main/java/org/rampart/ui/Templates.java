package org.rampart.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/** The pages' jte templates, compiled at build time; every {@code ${...}} they print is HTML-escaped for its context. */
final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html, null,
            "org.rampart.ui.templates");

    /** Renders {@code template} (under src/main/jte) with its one parameter {@code model} as the reply. */
    void render(Context ctx, String template, Object model) {
        StringOutput out = new StringOutput();
        engine.render(template, model, out);
        ctx.contentType("text/html; charset=UTF-8").result(out.toString());
    }
}
