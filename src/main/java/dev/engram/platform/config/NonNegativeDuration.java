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

/** A setting that is a duration of zero or more. */
@DurationMin(nanos = 0)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({METHOD, TYPE_USE, ANNOTATION_TYPE})
@Retention(RUNTIME)
@Documented
public @interface NonNegativeDuration {

    String message() default "must not be a negative duration";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
