package dev.engram.platform.config;


import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import org.hibernate.validator.constraints.time.DurationMin;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

/** A setting that is a duration longer than zero. */
@DurationMin(millis = 1)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({METHOD, TYPE_USE, ANNOTATION_TYPE})
@Retention(RUNTIME)
@Documented
public @interface PositiveDuration {

    String message() default "must be a positive duration, e.g. 30s or PT30S";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
