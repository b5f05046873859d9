package dev.engram.tenant;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope a /v1 endpoint needs when it differs from the default (GET and HEAD need {@code read}, every other
 * method {@code write}, everything under /v1/admin {@code admin}); e.g. {@code POST …/search} is a read and
 * {@code POST /v1/maintenance/cleanup} needs {@code admin}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresScope {
    Scope value();
}
