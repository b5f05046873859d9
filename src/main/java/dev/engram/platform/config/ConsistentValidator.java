package dev.engram.platform.config;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import java.util.List;

/** Reports each of a settings group's {@link Consistency#inconsistencies()} as a violation of its own. */
public class ConsistentValidator implements ConstraintValidator<Consistent, Consistency> {

    @Override
    public boolean isValid(Consistency settings, ConstraintValidatorContext context) {
        if (settings == null) {
            return true;
        }
        List<String> problems = settings.inconsistencies();
        if (problems.isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        for (String problem : problems) {
            context.buildConstraintViolationWithTemplate(literal(problem)).addConstraintViolation();
        }
        return false;
    }

    /** A sentence as a message template that interpolates to itself (no parameters, no expressions). */
    static String literal(String sentence) {
        return sentence.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
