package com.geminigateway.admin;

import com.geminigateway.config.ConfigException;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.json.Json;
import com.geminigateway.keys.ApiKey;
import com.geminigateway.keys.KeyPool;
import com.geminigateway.keys.KeySpec;
import com.geminigateway.keys.KeyView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Key management at run time, for the status page and scripts:
 * <pre>
 * GET    /admin/api/keys                 every key (id, alias, project, tier, states, usage; never the secret)
 * POST   /admin/api/keys                 {"key":"AIza...","project":"team-a","tier":"tier1"} adds a key (201)
 * POST   /admin/api/keys/{id}/disable    takes it out of the rotation (kept across restarts)
 * POST   /admin/api/keys/{id}/enable     brings it back
 * DELETE /admin/api/keys/{id}            removes it (its counters are kept)
 * POST   /admin/api/keys/reload          reads the configured key source again
 * </pre>
 */
@Path("/keys")
@Produces(MediaType.APPLICATION_JSON)
public final class KeysAdminResource {

    /** The body of an addition; project and tier are optional. */
    public record AddKey(String key, String project, String tier) {
    }

    public record KeyList(List<KeyView> keys) {
    }

    private final KeyPool pool;
    private final Supplier<KeyPool.ReloadResult> reload;

    public KeysAdminResource(KeyPool pool, Supplier<KeyPool.ReloadResult> reload) {
        this.pool = pool;
        this.reload = reload;
    }

    @GET
    public String list() {
        return Json.toString(new KeyList(pool.views()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(byte[] body) {
        AddKey request;
        try {
            request = body == null || body.length == 0 ? null : Json.read(body, AddKey.class);
        } catch (IOException e) {
            throw GatewayException.invalidRequest("Expected a JSON object like {\"key\":\"AIza...\",\"project\":\"team-a\",\"tier\":\"tier1\"}.", null);
        }
        if (request == null || request.key() == null || request.key().isBlank()) {
            throw GatewayException.invalidRequest("'key' is required.", "key");
        }
        KeySpec spec;
        try {
            spec = KeySpec.parse(request.key().strip()
                    + (request.project() == null || request.project().isBlank() ? "" : "@" + request.project().strip())
                    + (request.tier() == null || request.tier().isBlank() ? "" : "/" + request.tier().strip()));
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidValue("Invalid key entry: " + e.getMessage() + ".", "key");
        }
        try {
            ApiKey key = pool.add(spec);
            return Response.status(201).type(MediaType.APPLICATION_JSON_TYPE).entity(Json.toString(view(key.id()))).build();
        } catch (IllegalStateException e) {
            throw new GatewayException(409, "invalid_request_error", "key_exists", "key", e.getMessage(), null);
        }
    }

    @POST
    @Path("/reload")
    public String reload() {
        try {
            return Json.toString(reload.get());
        } catch (ConfigException e) {
            throw new GatewayException(400, "invalid_request_error", "invalid_configuration", null,
                    "The configured keys could not be read: " + String.join("; ", e.problems()), null);
        }
    }

    @POST
    @Path("/{id}/disable")
    public String disable(@PathParam("id") String id) {
        return change(id, pool::disable);
    }

    @POST
    @Path("/{id}/enable")
    public String enable(@PathParam("id") String id) {
        return change(id, pool::enable);
    }

    @DELETE
    @Path("/{id}")
    public String remove(@PathParam("id") String id) {
        try {
            ApiKey key = pool.remove(id);
            return Json.toString(new Removed(key.id(), key.alias()));
        } catch (NoSuchElementException e) {
            throw GatewayException.notFound(e.getMessage());
        }
    }

    public record Removed(String removed, String alias) {
    }

    private String change(String id, Function<String, ApiKey> action) {
        try {
            return Json.toString(view(action.apply(id).id()));
        } catch (NoSuchElementException e) {
            throw GatewayException.notFound(e.getMessage());
        }
    }

    private KeyView view(String id) {
        return pool.views().stream().filter(v -> v.id().equals(id)).findFirst()
                .orElseThrow(() -> GatewayException.notFound("No key with id " + id));
    }
}
