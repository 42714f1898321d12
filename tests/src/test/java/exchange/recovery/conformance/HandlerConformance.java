package exchange.recovery.conformance;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import exchange.recovery.local.template.SamFunction;
import exchange.recovery.local.template.SamTemplate;
import exchange.recovery.local.template.TemplateException;

/**
 * Every function's {@code Handler} names a class Lambda can run: it exists on the classpath, implements
 * {@link RequestHandler} or {@link RequestStreamHandler}, is concrete and public, has a public no-argument
 * constructor and the public method the handler names. Classes are loaded but never initialised nor
 * instantiated (their constructors read AWS configuration).
 */
public final class HandlerConformance {

    private final SamTemplate template;
    private final ClassLoader classLoader;

    public HandlerConformance(SamTemplate template, ClassLoader classLoader) {
        this.template = template;
        this.classLoader = classLoader;
    }

    public List<Finding> check() {
        List<Finding> findings = new ArrayList<>();
        for (SamFunction function : template.functions().values()) {
            findings.addAll(check(function));
        }
        return findings;
    }

    private List<Finding> check(SamFunction function) {
        String id = function.logicalId();
        String handler;
        try {
            handler = function.handler();
        } catch (TemplateException e) {
            return List.of(new Finding("handler.missing", id, e.getMessage()));
        }
        if (handler == null || handler.isBlank()) {
            return List.of(new Finding("handler.missing", id, "has no Handler (in its properties or Globals.Function)"));
        }
        String className = function.handlerClass();
        Class<?> type;
        try {
            type = Class.forName(className, false, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            return List.of(new Finding("handler.class-not-found", id,
                    "Handler class " + className + " is not on the functions classpath (" + e + ")"));
        }
        List<Finding> findings = new ArrayList<>();
        if (!RequestHandler.class.isAssignableFrom(type) && !RequestStreamHandler.class.isAssignableFrom(type)) {
            findings.add(new Finding("handler.not-a-handler", id, className
                    + " implements neither RequestHandler nor RequestStreamHandler"));
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
            findings.add(new Finding("handler.not-instantiable", id, className
                    + " must be a public concrete class, Lambda instantiates it"));
        } else if (Arrays.stream(type.getConstructors()).noneMatch(c -> c.getParameterCount() == 0)) {
            findings.add(new Finding("handler.no-public-no-arg-constructor", id, className
                    + " has no public no-argument constructor, which Lambda uses to create it"));
        }
        String methodName = function.handlerMethod();
        if (methodName != null && Arrays.stream(type.getMethods()).map(Method::getName).noneMatch(methodName::equals)) {
            findings.add(new Finding("handler.method-missing", id, className + " has no public method " + methodName));
        }
        return findings;
    }
}
