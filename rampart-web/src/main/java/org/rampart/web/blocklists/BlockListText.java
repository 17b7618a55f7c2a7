package org.rampart.web.blocklists;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.regex.Pattern;
import org.rampart.web.lists.ListItems;

/**
 * A block list as plain text for firewalls and DNS servers, one entry per line (MozDef's {@code createIPBlockList}
 * and {@code createFQDNBlockList} cron jobs, served instead of written to a file): the unexpired entries of the
 * state's {@code ipblocklist} (addresses and networks) or {@code fqdnblocklist}.
 */
public final class BlockListText implements Handler {
    /** What a line may hold: a firewall or DNS server reads any other byte as the start of something else. */
    private static final Pattern SAFE_ENTRY = Pattern.compile("[0-9A-Za-z.:/_-]{1,255}");

    private final ListItems lists;
    private final ListItems.Kind kind;

    public BlockListText(ListItems lists, ListItems.Kind kind) {
        this.lists = lists;
        this.kind = kind;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String item : lists.current(kind)) {
            // Entries were checked when added; this guard keeps a line one entry whatever the database holds.
            if (SAFE_ENTRY.matcher(item).matches()) {
                text.append(item).append('\n');
            }
        }
        ctx.header("X-Content-Type-Options", "nosniff").contentType("text/plain; charset=utf-8").result(text.toString());
    }
}
