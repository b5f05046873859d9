package dev.engram.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemExceptionMappers;
import dev.engram.platform.ProblemType;
import dev.engram.tenant.Principal;
import dev.engram.tenant.Scope;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What every MCP tool does around its service call: find the caller {@link McpGuard} admitted and check the tool's
 * scope, read the arguments into the same request type the REST endpoint takes (the same JSON rules, then the same
 * Bean Validation), and turn any failure into a tool error whose text is the RFC 9457 problem the REST endpoint would
 * have answered — an agent reads the same {@code detail} either way, and nothing of the stack reaches it.
 */
@ApplicationScoped
public class McpCalls {

    static final String PRINCIPAL = "engram.mcp.principal";

    private final CurrentVertxRequest request;
    private final ObjectMapper json;
    private final Validator validator;
    private final ProblemExceptionMappers problems;

    McpCalls(CurrentVertxRequest request, ObjectMapper json, Validator validator, ProblemExceptionMappers problems) {
        this.request = request;
        this.json = json;
        this.validator = validator;
        this.problems = problems;
    }

    /** Runs {@code work} for the caller's tenant if the caller's key has {@code scope}; its result as JSON text. */
    public String call(Scope scope, Function<String, ?> work) {
        String tenant;
        try {
            tenant = tenant(scope);
        } catch (ProblemException e) {
            throw failed(problems.toResponse(e, null));
        }
        // The services run in a request context of their own, ended here on this thread. The MCP server ends the one
        // it starts elsewhere; Hibernate's request-scoped session (a read outside a transaction, e.g. loading search
        // hits) then never closed, and each search kept a pooled connection: the pool ran dry after 20 searches.
        ManagedContext requests = Arc.container().requestContext();
        InjectableContext.ContextState outer = requests.getStateIfActive();
        requests.activate(null);
        try {
            Object result = work.apply(tenant);
            return result instanceof String text ? text : json.writeValueAsString(result);
        } catch (ToolCallException e) {
            throw e;
        } catch (RuntimeException | JsonProcessingException e) {
            throw failed(problems.toResponse(e, null));
        } finally {
            requests.terminate();
            if (outer != null) {
                requests.activate(outer);
            }
        }
    }

    /** The arguments given (nulls left out) as {@code type}, read and validated as the REST endpoint reads its body. */
    public <T> T read(Map<String, Object> arguments, Class<T> type) {
        Map<String, Object> given = new LinkedHashMap<>();
        arguments.forEach((name, value) -> {
            if (value != null) {
                given.put(name, value);
            }
        });
        T value = json.convertValue(given, type);
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw failed(problems.invalidBean(violations, null));
        }
        return value;
    }

    /** Name-value pairs as an argument map; a null value is an argument not given. */
    public static Map<String, Object> args(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private String tenant(Scope scope) {
        RoutingContext ctx = request.getCurrent();
        Principal principal = ctx == null ? null : ctx.get(PRINCIPAL);
        if (principal == null) { // McpGuard admits every request to /mcp; a tool called otherwise has no caller
            throw new ProblemException(ProblemType.UNAUTHORIZED, "Send an API key: 'Authorization: Bearer egm_…'");
        }
        if (!principal.has(scope)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "This tool needs the '" + scope.json()
                    + "' scope; the key has " + principal.scopes().stream().map(Scope::json).sorted().toList());
        }
        return principal.tenantId();
    }

    private ToolCallException failed(jakarta.ws.rs.core.Response problem) {
        try {
            return new ToolCallException(json.writeValueAsString(problem.getEntity()));
        } catch (JsonProcessingException e) {
            return new ToolCallException(String.valueOf(problem.getEntity()));
        }
    }
}
