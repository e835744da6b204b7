package com.geminigateway.admin;

import com.geminigateway.json.Json;
import com.geminigateway.keys.KeyPool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /admin/api/usage}: the usage report (as logged periodically) as JSON. */
@Path("/usage")
@Produces(MediaType.APPLICATION_JSON)
public final class UsageAdminResource {

    private final KeyPool pool;

    public UsageAdminResource(KeyPool pool) {
        this.pool = pool;
    }

    @GET
    public String report() {
        return Json.toString(pool.report());
    }
}
