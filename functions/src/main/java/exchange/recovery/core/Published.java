package exchange.recovery.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type that its capability publishes for other capabilities to use. Capabilities depend on
 * {@code core} and the shared base packages only; a dependency on another capability must land on a
 * type carrying this annotation (the architecture test enforces it), so what one capability offers
 * another is a short, deliberate list instead of whatever happens to be public.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Published {

    /** Why other capabilities use this type. */
    String value();
}
