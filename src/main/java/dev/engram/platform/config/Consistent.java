package dev.engram.platform.config;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

/**
 * A group of settings that must agree with each other (a default between its minimum and maximum, say); the group
 * says which combinations are wrong in {@link Consistency#inconsistencies()}. Checked at start-up with the settings'
 * own constraints, so a wrong combination stops the service with the settings' names instead of failing requests.
 */
@Constraint(validatedBy = ConsistentValidator.class)
@Target(TYPE)
@Retention(RUNTIME)
@Documented
public @interface Consistent {

    String message() default "settings contradict each other";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
