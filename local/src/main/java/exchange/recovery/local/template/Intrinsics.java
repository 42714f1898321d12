package exchange.recovery.local.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsic functions in a template value, giving plain maps, lists, strings,
 * numbers and booleans. Supported: {@code Ref} (parameters, resources, SAM's {@code X.Alias}/{@code X.Version},
 * pseudo parameters), {@code Fn::GetAtt}, {@code Fn::Sub}, {@code Fn::Join}, {@code Fn::If}, {@code Fn::Equals},
 * {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or}, {@code Condition}, {@code Fn::Select}, {@code Fn::Split},
 * {@code Fn::FindInMap}, {@code Fn::Base64}, {@code Fn::GetAZs}, {@code Fn::ImportValue}.
 * {@code AWS::NoValue} removes the key (or list item) that holds it. Anything else is reported with the path
 * of the value, e.g. {@code Unsupported intrinsic Fn::Cidr at Resources.Vpc.Properties.CidrBlock}.
 */
public final class Intrinsics {

    private static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };
    private static final Pattern PLACEHOLDER_NAME = Pattern.compile("[A-Za-z0-9_:.]+");

    private Intrinsics() {
    }

    /** Whether {@code value} is one intrinsic function call: a mapping with one {@code Ref}/{@code Fn::} key. */
    public static boolean isIntrinsic(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> entry = map.entrySet().iterator().next();
            String key = String.valueOf(entry.getKey());
            return "Ref".equals(key) || key.startsWith("Fn::")
                    || ("Condition".equals(key) && entry.getValue() instanceof String);
        }
        return false;
    }

    /** Resolves every intrinsic in {@code value}; a value that is only {@code AWS::NoValue} gives null. */
    public static Object resolve(Object value, ResolutionContext context) {
        return resolve(value, context, "value");
    }

    /**
     * Resolves every intrinsic in {@code value}; errors name {@code location} (e.g.
     * {@code Resources.Fn.Properties.Environment}) followed by the path inside the value.
     */
    public static Object resolve(Object value, ResolutionContext context, String location) {
        Object resolved = new Resolver(context).resolve(value, location);
        return resolved == NO_VALUE ? null : resolved;
    }

    /** Resolves a value that must give a string (numbers and booleans are written as text). */
    public static String resolveString(Object value, ResolutionContext context, String location) {
        return text(new Resolver(context).resolve(value, location), location);
    }

    /** Names that a {@code Fn::Sub} string refers to (without {@code ${!literals}}), in order of appearance. */
    public static List<String> subVariables(String template) {
        List<String> names = new ArrayList<>();
        forEachPlaceholder(template, "Fn::Sub", name -> {
            names.add(name);
            return "";
        });
        return Collections.unmodifiableList(names);
    }

    private static String forEachPlaceholder(String template, String location,
                                             java.util.function.Function<String, String> replacement) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < template.length()) {
            int start = template.indexOf("${", at);
            if (start < 0) {
                out.append(template, at, template.length());
                break;
            }
            out.append(template, at, start);
            int end = template.indexOf('}', start + 2);
            if (end < 0) {
                throw new ValueException("Unterminated ${ in Fn::Sub string at " + location + ": " + template);
            }
            String content = template.substring(start + 2, end);
            if (content.startsWith("!")) {
                out.append("${").append(content, 1, content.length()).append('}');
            } else {
                String name = content.trim();
                if (!PLACEHOLDER_NAME.matcher(name).matches()) {
                    throw new ValueException("Fn::Sub variable '${" + content + "}' is not a name at " + location);
                }
                out.append(replacement.apply(name));
            }
            at = end + 1;
        }
        return out.toString();
    }

    private static String text(Object value, String path) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new ValueException("Expected a string at " + path + ", found " + Values.describe(value));
    }

    private record Resolver(ResolutionContext context) {

        Object resolve(Object value, String path) {
            if (isIntrinsic(value)) {
                Map.Entry<?, ?> call = ((Map<?, ?>) value).entrySet().iterator().next();
                String function = String.valueOf(call.getKey());
                return intrinsic(function, call.getValue(), path + "." + function);
            }
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> result = new LinkedHashMap<>();
                map.forEach((key, item) -> {
                    Object resolved = resolve(item, path + "." + key);
                    if (resolved != NO_VALUE) {
                        result.put(String.valueOf(key), resolved);
                    }
                });
                return result;
            }
            if (value instanceof List<?> list) {
                List<Object> result = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    Object resolved = resolve(list.get(i), path + "[" + i + "]");
                    if (resolved != NO_VALUE) {
                        result.add(resolved);
                    }
                }
                return result;
            }
            return value;
        }

        private Object intrinsic(String function, Object argument, String path) {
            return switch (function) {
                case "Ref" -> ref(text(resolve(argument, path), path), path);
                case "Condition" -> ask(path, () -> context.condition(text(argument, path)));
                case "Fn::GetAtt" -> getAtt(argument, path);
                case "Fn::Sub" -> sub(argument, path);
                case "Fn::Join" -> join(arguments(argument, 2, path), path);
                case "Fn::If" -> ifThenElse(arguments(argument, 3, path), path);
                case "Fn::Equals" -> equalValues(arguments(argument, 2, path), path);
                case "Fn::Not" -> !bool(arguments(argument, 1, path).get(0), path + "[0]");
                case "Fn::And" -> allOrAny(argument, true, path);
                case "Fn::Or" -> allOrAny(argument, false, path);
                case "Fn::Select" -> select(arguments(argument, 2, path), path);
                case "Fn::Split" -> split(arguments(argument, 2, path), path);
                case "Fn::FindInMap" -> findInMap(argument, path);
                case "Fn::Base64" -> Base64.getEncoder().encodeToString(
                        text(resolve(argument, path), path).getBytes(StandardCharsets.UTF_8));
                case "Fn::GetAZs" -> getAzs(argument, path);
                case "Fn::ImportValue" -> {
                    String name = text(resolve(argument, path), path);
                    yield ask(path, () -> context.importValue(name));
                }
                default -> throw new ValueException("Unsupported intrinsic " + function + " at "
                        + path.substring(0, path.length() - function.length() - 1));
            };
        }

        private Object ref(String name, String path) {
            return switch (name) {
                case "AWS::NoValue" -> NO_VALUE;
                case "AWS::Region" -> context.region();
                case "AWS::AccountId" -> context.accountId();
                case "AWS::StackName" -> context.stackName();
                case "AWS::StackId" -> context.stackId();
                case "AWS::Partition" -> context.partition();
                case "AWS::URLSuffix" -> context.urlSuffix();
                case "AWS::NotificationARNs" -> List.of();
                default -> {
                    if (name.startsWith("AWS::")) {
                        throw new ValueException("Unsupported pseudo parameter " + name + " at " + path);
                    }
                    yield ask(path, () -> context.ref(name));
                }
            };
        }

        private Object getAtt(Object argument, String path) {
            Object resolved = resolve(argument, path);
            String logicalId;
            String attribute;
            if (resolved instanceof String text && text.contains(".")) {
                logicalId = text.substring(0, text.indexOf('.'));
                attribute = text.substring(text.indexOf('.') + 1);
            } else if (resolved instanceof List<?> parts && parts.size() == 2) {
                logicalId = text(parts.get(0), path + "[0]");
                attribute = text(parts.get(1), path + "[1]");
            } else {
                throw new ValueException("Fn::GetAtt needs [LogicalId, Attribute] or \"LogicalId.Attribute\" at "
                        + path + ", found " + Values.describe(resolved));
            }
            return ask(path, () -> context.getAtt(logicalId, attribute));
        }

        private String sub(Object argument, String path) {
            String template;
            Map<String, Object> variables;
            if (argument instanceof String text) {
                template = text;
                variables = Map.of();
            } else if (argument instanceof List<?> parts && parts.size() == 2 && parts.get(0) instanceof String text) {
                template = text;
                variables = Values.map(parts.get(1), path + "[1]");
            } else {
                throw new ValueException("Fn::Sub needs a string or [string, {variables}] at " + path
                        + ", found " + Values.describe(argument));
            }
            return forEachPlaceholder(template, path, name -> {
                if (variables.containsKey(name)) {
                    return text(resolve(variables.get(name), path + "[1]." + name), path + "[1]." + name);
                }
                String where = path + " ${" + name + "}";
                if (name.startsWith("AWS::")) {
                    return text(ref(name, where), where);
                }
                int dot = name.indexOf('.');
                if (dot < 0) {
                    return text(ask(where, () -> context.ref(name)), where);
                }
                String attribute = name.substring(dot + 1);
                if ("Alias".equals(attribute) || "Version".equals(attribute)) {
                    // SAM's ${Function.Alias} / ${Function.Version}, as with !Ref Function.Alias.
                    return text(ask(where, () -> context.ref(name)), where);
                }
                return text(ask(where, () -> context.getAtt(name.substring(0, dot), attribute)), where);
            });
        }

        private String join(List<Object> arguments, String path) {
            String delimiter = text(resolve(arguments.get(0), path + "[0]"), path + "[0]");
            Object items = resolve(arguments.get(1), path + "[1]");
            List<String> parts = new ArrayList<>();
            List<Object> list = Values.list(items, path + "[1]");
            for (int i = 0; i < list.size(); i++) {
                parts.add(text(list.get(i), path + "[1][" + i + "]"));
            }
            return String.join(delimiter, parts);
        }

        private Object ifThenElse(List<Object> arguments, String path) {
            String condition = text(arguments.get(0), path + "[0]");
            boolean holds = ask(path, () -> context.condition(condition));
            return holds ? resolve(arguments.get(1), path + "[1]") : resolve(arguments.get(2), path + "[2]");
        }

        private boolean equalValues(List<Object> arguments, String path) {
            Object left = resolve(arguments.get(0), path + "[0]");
            Object right = resolve(arguments.get(1), path + "[1]");
            if (isScalar(left) && isScalar(right)) {
                return String.valueOf(left).equals(String.valueOf(right));
            }
            return Objects.equals(left, right);
        }

        private boolean allOrAny(Object argument, boolean all, String path) {
            List<Object> conditions = Values.list(argument, path);
            if (conditions.size() < 2 || conditions.size() > 10) {
                throw new ValueException(path + " takes 2 to 10 conditions, found " + conditions.size());
            }
            for (int i = 0; i < conditions.size(); i++) {
                boolean value = bool(conditions.get(i), path + "[" + i + "]");
                if (value != all) {
                    return !all;
                }
            }
            return all;
        }

        private boolean bool(Object condition, String path) {
            Object value = condition instanceof String name ? ask(path, () -> context.condition(name))
                    : resolve(condition, path);
            if (value instanceof Boolean b) {
                return b;
            }
            if ("true".equalsIgnoreCase(String.valueOf(value)) || "false".equalsIgnoreCase(String.valueOf(value))) {
                return Boolean.parseBoolean(String.valueOf(value));
            }
            throw new ValueException("Expected a condition at " + path + ", found " + Values.describe(value));
        }

        private Object select(List<Object> arguments, String path) {
            String indexText = text(resolve(arguments.get(0), path + "[0]"), path + "[0]");
            List<Object> items = Values.list(resolve(arguments.get(1), path + "[1]"), path + "[1]");
            int index;
            try {
                index = Integer.parseInt(indexText.trim());
            } catch (NumberFormatException e) {
                throw new ValueException("Fn::Select index '" + indexText + "' is not a number at " + path);
            }
            if (index < 0 || index >= items.size()) {
                throw new ValueException("Fn::Select index " + index + " is outside the list of "
                        + items.size() + " at " + path);
            }
            return items.get(index);
        }

        private List<Object> split(List<Object> arguments, String path) {
            String delimiter = text(resolve(arguments.get(0), path + "[0]"), path + "[0]");
            String source = text(resolve(arguments.get(1), path + "[1]"), path + "[1]");
            if (delimiter.isEmpty()) {
                throw new ValueException("Fn::Split needs a delimiter at " + path);
            }
            List<Object> parts = new ArrayList<>();
            int at = 0;
            for (int next = source.indexOf(delimiter); next >= 0; next = source.indexOf(delimiter, at)) {
                parts.add(source.substring(at, next));
                at = next + delimiter.length();
            }
            parts.add(source.substring(at));
            return parts;
        }

        private Object findInMap(Object argument, String path) {
            List<Object> keys = Values.list(argument, path);
            if (keys.size() != 3) {
                throw new ValueException("Fn::FindInMap needs [MapName, TopLevelKey, SecondLevelKey] at " + path);
            }
            String map = text(resolve(keys.get(0), path + "[0]"), path + "[0]");
            String top = text(resolve(keys.get(1), path + "[1]"), path + "[1]");
            String second = text(resolve(keys.get(2), path + "[2]"), path + "[2]");
            return ask(path, () -> context.findInMap(map, top, second));
        }

        private List<String> getAzs(Object argument, String path) {
            String region = argument == null ? "" : text(resolve(argument, path), path);
            String effective = region.isEmpty() ? context.region() : region;
            return ask(path, () -> context.availabilityZones(effective));
        }

        private List<Object> arguments(Object argument, int count, String path) {
            List<Object> arguments = Values.list(argument, path);
            if (arguments.size() != count) {
                throw new ValueException(path + " takes " + count + " arguments, found " + arguments.size());
            }
            return arguments;
        }

        private static boolean isScalar(Object value) {
            return value instanceof String || value instanceof Number || value instanceof Boolean;
        }

        /** Calls the context, naming the path of the value when it cannot answer. */
        private static <T> T ask(String path, Supplier<T> question) {
            try {
                return question.get();
            } catch (ValueException e) {
                throw e;
            } catch (TemplateException e) {
                throw new ValueException(e.getMessage() + " at " + path, e);
            }
        }
    }
}
