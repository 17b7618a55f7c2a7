package org.rampart.web.rest;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.rampart.web.auth.Role;
import org.rampart.web.schedules.AlertSchedules;

/**
 * MozDef's alert schedule routes on the running scheduler: {@code GET /alertschedules} for viewers; the changes,
 * {@code POST /syncalertschedules} and {@code POST /updatealertschedules} (MozDef's 200 with an empty JSON body), and
 * Rampart's edit of one schedule, {@code PATCH /alertschedules/{name}}, for admins.
 */
final class ScheduleRoutes {
    private ScheduleRoutes() {}

    static void register(RouteTable table, AlertSchedules schedules) {
        table.add(HandlerType.GET, "/alertschedules", Role.VIEWER, ctx -> RestServer.reply(ctx, 200, schedules.documents()));
        table.add(HandlerType.POST, "/syncalertschedules", Role.ADMIN, ctx -> {
            schedules.sync(RequestBodies.object(ctx), RouteTable.caller(ctx).actor());
            done(ctx);
        });
        table.add(HandlerType.PATCH, "/alertschedules/{name}", Role.ADMIN, ctx -> RestServer.reply(ctx, 200,
                schedules.change(ctx.pathParam("name"), RequestBodies.object(ctx), RouteTable.caller(ctx).actor())));
        table.add(HandlerType.POST, "/updatealertschedules", Role.ADMIN, ctx -> {
            schedules.replace(RequestBodies.object(ctx), RouteTable.caller(ctx).actor());
            done(ctx);
        });
    }

    private static void done(Context ctx) {
        ctx.status(200).contentType("application/json").result("");
    }
}
