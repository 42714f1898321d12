package exchange.recovery.local.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import exchange.recovery.core.Json;
import exchange.recovery.local.LocalRuntimeException;
import exchange.recovery.local.template.Intrinsics;
import exchange.recovery.local.template.Resource;
import exchange.recovery.local.template.SamFunction;
import exchange.recovery.local.template.SamStateMachine;
import exchange.recovery.local.template.SamTemplate;
import exchange.recovery.local.template.StackContext;
import exchange.recovery.local.template.TemplateException;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import exchange.recovery.local.emulator.CloudWatchAlarms;
import exchange.recovery.local.emulator.LocalAws;
import exchange.recovery.local.emulator.LocalFunction;

/**
 * Deploys what {@code template.yaml} declares into local AWS: tables, topics, queues, parameters,
 * secrets, alarms, event rules and state machines into the emulator, and functions into the local
 * Lambda endpoint. The template is the single source of truth; a resource type with no local
 * counterpart (IAM, log groups, APIs) is listed in {@link DeployedStack#notEmulated()}.
 */
public final class StackDeployer {

    private static final Logger LOG = LogManager.getLogger(StackDeployer.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.:]+)}");
    private static final Set<String> NOT_EMULATED = Set.of(
            "AWS::Logs::LogGroup", "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
            "AWS::Lambda::Permission", "AWS::Serverless::Api", "AWS::Serverless::HttpApi", "AWS::KMS::Key",
            "AWS::KMS::Alias", "AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy", "AWS::Events::Archive",
            "AWS::S3::BucketPolicy");

    private final LocalAws aws;
    private final String stackName;
    private final Map<String, Object> parameters;
    private final Map<String, String> functionEnvironmentOverrides;

    private final Map<String, String> physicalIds = new LinkedHashMap<>();
    private final Map<String, String> arns = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> attributes = new HashMap<>();
    private final Map<String, String> functionNames = new LinkedHashMap<>();
    private final List<String> notEmulated = new ArrayList<>();

    /**
     * @param functionEnvironmentOverrides variables every function gets on top of its template
     *                                     environment (e.g. the local database URL)
     */
    public StackDeployer(LocalAws aws, String stackName, Map<String, ?> parameters,
                         Map<String, String> functionEnvironmentOverrides) {
        this.aws = aws;
        this.stackName = stackName;
        this.parameters = Map.copyOf(parameters);
        this.functionEnvironmentOverrides = Map.copyOf(functionEnvironmentOverrides);
    }

    public DeployedStack deploy(SamTemplate template) {
        StackContext context = StackContext.builder(template)
                .region(LocalAws.REGION).accountId(LocalAws.ACCOUNT_ID).stackName(stackName)
                .parameters(parameters)
                .resourceRefs(this::ref)
                .attributes(this::attribute)
                .build();
        for (String logicalId : creationOrder(template)) {
            Resource resource = template.resources().get(logicalId);
            if (resource.condition() != null && !context.condition(resource.condition())) {
                continue;
            }
            try {
                create(template, resource, context);
            } catch (LocalRuntimeException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new LocalRuntimeException("Cannot deploy " + logicalId + " (" + resource.type() + "): " + e.getMessage(), e);
            }
        }
        Map<String, String> outputs = new TreeMap<>();
        template.outputs().forEach((name, output) -> {
            if (output.condition() == null || context.condition(output.condition())) {
                outputs.put(name, String.valueOf(Intrinsics.resolve(output.value(), context, "Outputs." + name)));
            }
        });
        return new DeployedStack(stackName, Map.copyOf(physicalIds), Map.copyOf(arns), Map.copyOf(functionNames),
                Map.copyOf(outputs), List.copyOf(notEmulated));
    }

    private void create(SamTemplate template, Resource resource, StackContext context) {
        String id = resource.logicalId();
        switch (resource.type()) {
            case "AWS::DynamoDB::Table" -> table(id, resource.resolvedProperties(context));
            case "AWS::SNS::Topic" -> topic(id, resource.resolvedProperties(context));
            case "AWS::SNS::Subscription" -> subscription(id, resource.resolvedProperties(context));
            case "AWS::SQS::Queue" -> queue(id, resource.resolvedProperties(context));
            case "AWS::SSM::Parameter" -> parameter(id, resource.resolvedProperties(context));
            case "AWS::SecretsManager::Secret" -> secret(id, resource.resolvedProperties(context));
            case "AWS::CloudWatch::Alarm" -> alarm(id, resource.resolvedProperties(context));
            case "AWS::Events::Rule" -> rule(id, resource.resolvedProperties(context));
            case "AWS::S3::Bucket" -> bucket(id, resource.resolvedProperties(context));
            case Resource.SERVERLESS_FUNCTION -> function(template.functions().get(id), context);
            case Resource.SERVERLESS_STATE_MACHINE -> stateMachine(template, template.stateMachines().get(id), context);
            default -> {
                if (!NOT_EMULATED.contains(resource.type())) {
                    throw new TemplateException("No local deployment for " + id + " of type " + resource.type()
                            + ": add it to StackDeployer or to the types that are not emulated");
                }
                notEmulated.add(id + " (" + resource.type() + ")");
                physicalIds.put(id, name(id));
                arns.put(id, "arn:aws:local:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":" + name(id));
            }
        }
    }

    private String name(String logicalId) {
        return stackName + "-" + logicalId;
    }

    private Object ref(String name) {
        String logicalId = name.endsWith(".Alias") || name.endsWith(".Version")
                ? name.substring(0, name.lastIndexOf('.')) : name;
        if (!physicalIds.containsKey(logicalId)) {
            throw new TemplateException("Ref " + name + ": the resource is not deployed (yet)");
        }
        if (name.endsWith(".Alias")) {
            return arns.get(logicalId) + ":live";
        }
        if (name.endsWith(".Version")) {
            return arns.get(logicalId) + ":1";
        }
        return physicalIds.get(logicalId);
    }

    private Object attribute(String logicalId, String attribute) {
        Map<String, Object> known = attributes.getOrDefault(logicalId, Map.of());
        if (known.containsKey(attribute)) {
            return known.get(attribute);
        }
        if ("Arn".equals(attribute) && arns.containsKey(logicalId)) {
            return arns.get(logicalId);
        }
        throw new TemplateException("Fn::GetAtt " + logicalId + "." + attribute + " is not known locally");
    }

    private void created(String logicalId, String physicalId, String arn, Map<String, Object> extra) {
        physicalIds.put(logicalId, physicalId);
        if (arn != null) {
            arns.put(logicalId, arn);
        }
        attributes.put(logicalId, extra);
        LOG.debug("Deployed {} as {}", logicalId, physicalId);
    }

    private void table(String id, Map<String, Object> properties) {
        String name = text(properties.getOrDefault("TableName", name(id)));
        List<AttributeDefinition> definitions = list(properties.get("AttributeDefinitions")).stream()
                .map(value -> AttributeDefinition.builder().attributeName(text(map(value).get("AttributeName")))
                        .attributeType(ScalarAttributeType.fromValue(text(map(value).get("AttributeType")))).build())
                .toList();
        List<KeySchemaElement> keys = list(properties.get("KeySchema")).stream()
                .map(value -> KeySchemaElement.builder().attributeName(text(map(value).get("AttributeName")))
                        .keyType(KeyType.fromValue(text(map(value).get("KeyType")))).build())
                .toList();
        List<GlobalSecondaryIndex> indexes = list(properties.getOrDefault("GlobalSecondaryIndexes", List.of())).stream()
                .map(value -> GlobalSecondaryIndex.builder()
                        .indexName(text(map(value).get("IndexName")))
                        .keySchema(list(map(value).get("KeySchema")).stream()
                                .map(key -> KeySchemaElement.builder().attributeName(text(map(key).get("AttributeName")))
                                        .keyType(KeyType.fromValue(text(map(key).get("KeyType")))).build())
                                .toList())
                        .projection(p -> p.projectionType(text(map(map(value).getOrDefault("Projection", Map.of()))
                                .getOrDefault("ProjectionType", "ALL"))))
                        .build())
                .toList();
        aws.clients().dynamoDb().createTable(b -> {
            b.tableName(name).attributeDefinitions(definitions).keySchema(keys).billingMode(BillingMode.PAY_PER_REQUEST);
            if (!indexes.isEmpty()) {
                b.globalSecondaryIndexes(indexes);
            }
        });
        Object ttl = properties.get("TimeToLiveSpecification");
        if (ttl != null && Boolean.parseBoolean(text(map(ttl).getOrDefault("Enabled", "false")))) {
            aws.clients().dynamoDb().updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(
                    t -> t.enabled(true).attributeName(text(map(ttl).get("AttributeName")))));
        }
        String arn = "arn:aws:dynamodb:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":table/" + name;
        created(id, name, arn, Map.of("Arn", arn, "StreamArn", arn + "/stream/local"));
    }

    private void topic(String id, Map<String, Object> properties) {
        String name = text(properties.getOrDefault("TopicName", name(id)));
        String arn = aws.clients().sns().createTopic(b -> b.name(name)).topicArn();
        created(id, arn, arn, Map.of("TopicArn", arn, "TopicName", name));
    }

    private void subscription(String id, Map<String, Object> properties) {
        String arn = aws.clients().sns().subscribe(b -> b.topicArn(text(properties.get("TopicArn")))
                .protocol(text(properties.get("Protocol"))).endpoint(text(properties.get("Endpoint")))).subscriptionArn();
        created(id, arn, arn, Map.of());
    }

    private void queue(String id, Map<String, Object> properties) {
        String name = text(properties.getOrDefault("QueueName", name(id)));
        try (SqsClient sqs = aws.clients().configure(SqsClient.builder()).build()) {
            String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
            String arn = "arn:aws:sqs:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":" + name;
            created(id, url, arn, Map.of("Arn", arn, "QueueName", name, "QueueUrl", url));
        }
    }

    private void bucket(String id, Map<String, Object> properties) {
        // S3 bucket names are lower case; CloudFormation generates them from the stack and logical id the same way
        String name = text(properties.getOrDefault("BucketName", name(id).toLowerCase(java.util.Locale.ROOT)));
        aws.clients().s3().createBucket(b -> b.bucket(name));
        String arn = "arn:aws:s3:::" + name;
        created(id, name, arn, Map.of("Arn", arn, "DomainName", name + ".s3.amazonaws.com",
                "RegionalDomainName", name + ".s3." + LocalAws.REGION + ".amazonaws.com"));
    }

    private void parameter(String id, Map<String, Object> properties) {
        String name = text(properties.getOrDefault("Name", "/" + stackName + "/" + id));
        aws.clients().ssm().putParameter(b -> b.name(name).value(text(properties.get("Value")))
                .type(ParameterType.fromValue(text(properties.getOrDefault("Type", "String")))).overwrite(true));
        created(id, name, "arn:aws:ssm:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":parameter" + name,
                Map.of("Type", text(properties.getOrDefault("Type", "String")), "Value", text(properties.get("Value"))));
    }

    private void secret(String id, Map<String, Object> properties) {
        String name = text(properties.getOrDefault("Name", name(id)));
        String value;
        if (properties.containsKey("SecretString")) {
            value = text(properties.get("SecretString"));
        } else {
            Map<String, Object> generate = map(properties.getOrDefault("GenerateSecretString", Map.of()));
            int length = Integer.parseInt(text(generate.getOrDefault("PasswordLength", "32")));
            String password = randomPassword(length);
            if (generate.containsKey("SecretStringTemplate") && generate.containsKey("GenerateStringKey")) {
                Map<String, Object> document = new LinkedHashMap<>(map(Json.convert(
                        Json.read(text(generate.get("SecretStringTemplate"))), Map.class)));
                document.put(text(generate.get("GenerateStringKey")), password);
                value = Json.write(document);
            } else {
                value = password;
            }
        }
        String arn = aws.clients().secretsManager().createSecret(b -> b.name(name).secretString(value)).arn();
        created(id, arn, arn, Map.of("Id", arn));
    }

    private void alarm(String id, Map<String, Object> properties) {
        String name = text(properties.getOrDefault("AlarmName", name(id)));
        new CloudWatchAlarms(aws.endpoint()).putMetricAlarm(name,
                text(properties.getOrDefault("Namespace", "ExchangeRecovery")),
                text(properties.getOrDefault("MetricName", id)),
                text(properties.getOrDefault("ComparisonOperator", "GreaterThanOrEqualToThreshold")),
                Double.parseDouble(text(properties.getOrDefault("Threshold", "1"))),
                text(properties.getOrDefault("AlarmDescription", "")));
        String arn = "arn:aws:cloudwatch:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":alarm:" + name;
        created(id, name, arn, Map.of("Arn", arn));
    }

    private void rule(String id, Map<String, Object> properties) {
        String name = text(properties.getOrDefault("Name", name(id)));
        List<Target> targets = list(properties.getOrDefault("Targets", List.of())).stream().map(value -> {
            Map<String, Object> target = map(value);
            Target.Builder builder = Target.builder().id(text(target.get("Id"))).arn(text(target.get("Arn")));
            if (target.containsKey("Input")) {
                builder.input(text(target.get("Input")));
            }
            if (target.containsKey("InputPath")) {
                builder.inputPath(text(target.get("InputPath")));
            }
            return builder.build();
        }).toList();
        putRule(id, name, Json.write(properties.get("EventPattern")), targets);
    }

    private void putRule(String id, String name, String pattern, List<Target> targets) {
        try (EventBridgeClient events = aws.clients().configure(EventBridgeClient.builder()).build()) {
            String arn = events.putRule(b -> b.name(name).eventPattern(pattern).state(RuleState.ENABLED)).ruleArn();
            if (!targets.isEmpty()) {
                events.putTargets(b -> b.rule(name).targets(targets));
            }
            created(id, name, arn, Map.of("Arn", arn));
        }
    }

    private void function(SamFunction function, StackContext context) {
        String id = function.logicalId();
        Map<String, Object> properties = Intrinsics.resolve(function.properties(), context,
                "Resources." + id + ".Properties") instanceof Map<?, ?> resolved ? map(resolved) : Map.of();
        String name = text(properties.getOrDefault("FunctionName", name(id)));
        Map<String, String> environment = new HashMap<>();
        Object variables = map(properties.getOrDefault("Environment", Map.of())).get("Variables");
        if (variables != null) {
            map(variables).forEach((key, value) -> environment.put(key, text(value)));
        }
        environment.remove("JAVA_TOOL_OPTIONS");
        environment.putAll(aws.awsVariables());
        environment.put("AWS_LAMBDA_FUNCTION_NAME", name);
        environment.putAll(functionEnvironmentOverrides);
        Duration timeout = Duration.ofSeconds(Long.parseLong(text(properties.getOrDefault("Timeout", "3"))));
        aws.lambdas().register(new LocalFunction(name, text(properties.get("Handler")), environment, timeout));
        String arn = aws.lambdas().functionArn(name);
        created(id, name, arn, Map.of("Arn", arn));
        functionNames.put(id, name);
        Map<String, Object> events = map(properties.getOrDefault("Events", Map.of()));
        events.forEach((eventId, event) -> {
            Map<String, Object> spec = map(event);
            if ("EventBridgeRule".equals(spec.get("Type"))) {
                Map<String, Object> eventProperties = map(spec.get("Properties"));
                putRule(id + eventId, name(id) + "-" + eventId, Json.write(eventProperties.get("Pattern")),
                        List.of(Target.builder().id(name).arn(arn).build()));
            }
        });
    }

    private void stateMachine(SamTemplate template, SamStateMachine machine, StackContext context) {
        String id = machine.logicalId();
        Object uri = machine.definitionUri();
        if (uri == null) {
            throw new TemplateException(id + " has no DefinitionUri: only file definitions are deployed locally");
        }
        Path file = template.directory().resolve(Intrinsics.resolveString(uri, context, "Resources." + id + ".DefinitionUri"));
        String definition;
        try {
            definition = Files.readString(file);
        } catch (IOException e) {
            throw new LocalRuntimeException("Cannot read the definition of " + id + ": " + file, e);
        }
        Map<String, Object> substitutions = machine.definitionSubstitutions() == null ? Map.of()
                : map(Intrinsics.resolve(machine.definitionSubstitutions(), context,
                "Resources." + id + ".Properties.DefinitionSubstitutions"));
        String rendered = substitute(id, definition, substitutions);
        String name = name(id);
        String roleArn = "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role/" + name;
        String arn = aws.clients().stepFunctions().createStateMachine(b -> b.name(name).definition(rendered).roleArn(roleArn))
                .stateMachineArn();
        created(id, arn, arn, Map.of("Arn", arn, "Name", name));
        Map<String, Object> events = machine.events() == null ? Map.of() : map(Intrinsics.resolve(machine.events(), context,
                "Resources." + id + ".Properties.Events"));
        events.forEach((eventId, event) -> {
            Map<String, Object> spec = map(event);
            if ("EventBridgeRule".equals(spec.get("Type"))) {
                Map<String, Object> eventProperties = map(spec.get("Properties"));
                putRule(id + eventId, name + "-" + eventId, Json.write(eventProperties.get("Pattern")),
                        List.of(Target.builder().id(name).arn(arn).roleArn(roleArn).build()));
            }
        });
    }

    static String substitute(String id, String definition, Map<String, Object> substitutions) {
        Matcher matcher = PLACEHOLDER.matcher(definition);
        StringBuilder rendered = new StringBuilder();
        Set<String> missing = new LinkedHashSet<>();
        while (matcher.find()) {
            Object value = substitutions.get(matcher.group(1));
            if (value == null) {
                missing.add(matcher.group(1));
                value = matcher.group(0);
            }
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(String.valueOf(value)));
        }
        matcher.appendTail(rendered);
        if (!missing.isEmpty()) {
            throw new TemplateException(id + ": DefinitionSubstitutions supply no value for " + missing);
        }
        return rendered.toString();
    }

    /** Resources in an order where everything a resource references exists before it. */
    static List<String> creationOrder(SamTemplate template) {
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        template.resources().forEach((id, resource) -> {
            Set<String> references = new LinkedHashSet<>();
            collectReferences(resource.properties(), references);
            if (resource.dependsOn() != null) {
                references.addAll(resource.dependsOn());
            }
            references.retainAll(template.resources().keySet());
            references.remove(id);
            dependencies.put(id, references);
        });
        List<String> order = new ArrayList<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String id : dependencies.keySet()) {
            visit(id, dependencies, visiting, order);
        }
        return order;
    }

    private static void visit(String id, Map<String, Set<String>> dependencies, Set<String> visiting, List<String> order) {
        if (order.contains(id)) {
            return;
        }
        if (!visiting.add(id)) {
            throw new TemplateException("Circular reference between resources: " + visiting);
        }
        for (String dependency : dependencies.get(id)) {
            visit(dependency, dependencies, visiting, order);
        }
        visiting.remove(id);
        order.add(id);
    }

    @SuppressWarnings("unchecked")
    private static void collectReferences(Object value, Set<String> references) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, inner) -> {
                if ("Ref".equals(key) && inner instanceof String name) {
                    references.add(name.split("\\.")[0]);
                } else if ("Fn::GetAtt".equals(key)) {
                    if (inner instanceof List<?> list && !list.isEmpty()) {
                        references.add(String.valueOf(list.get(0)));
                    } else if (inner instanceof String text) {
                        references.add(text.split("\\.")[0]);
                    }
                } else if ("Fn::Sub".equals(key)) {
                    Object text = inner instanceof List<?> list && !list.isEmpty() ? list.get(0) : inner;
                    if (text instanceof String template) {
                        Intrinsics.subVariables(template).forEach(variable -> references.add(variable.split("\\.")[0]));
                    }
                }
                collectReferences(inner, references);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(inner -> collectReferences(inner, references));
        }
    }

    private static String randomPassword(int length) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new TemplateException("Expected a mapping, found " + value);
    }

    private static List<Object> list(Object value) {
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        throw new TemplateException("Expected a list, found " + value);
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
