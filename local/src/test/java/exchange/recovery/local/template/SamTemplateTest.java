package exchange.recovery.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamTemplateTest {

    @TempDir
    Path directory;

    private SamTemplate parse(String yaml) {
        return SamTemplate.parse(yaml, directory);
    }

    private Object property(SamTemplate template, String resource, String property) {
        return template.resources().get(resource).property(property);
    }

    @Test
    void parse_givesShortFormTagsTheirLongFormObjects() {
        // GIVEN every short form CloudFormation defines
        SamTemplate template = parse("""
                Resources:
                  Thing:
                    Type: AWS::SNS::Topic
                    Properties:
                      Ref: !Ref Param
                      GetAttText: !GetAtt Table.StreamArn
                      GetAttNested: !GetAtt Stack.Outputs.TopicArn
                      GetAttList: !GetAtt [Table, Arn]
                      SubText: !Sub '${AWS::StackName}-x'
                      SubList: !Sub ['${A}-y', {A: !Ref Param}]
                      Join: !Join [',', [a, !Ref Param]]
                      If: !If [IsProd, 1, 2]
                      Equals: !Equals [!Ref Param, x]
                      Not: !Not [!Condition IsProd]
                      And: !And [!Condition IsProd, !Condition IsBig]
                      Or: !Or [!Condition IsProd, !Condition IsBig]
                      Select: !Select [0, !GetAZs '']
                      Split: !Split [',', 'a,b']
                      FindInMap: !FindInMap [Sizes, !Ref AWS::Region, Memory]
                      Base64: !Base64 text
                      ImportValue: !ImportValue shared-vpc
                """);

        // THEN callers see the same objects that Ref: / Fn::X: keys give
        Map<String, Object> properties = template.resources().get("Thing").properties();
        assertThat(properties).contains(
                entry("Ref", Map.of("Ref", "Param")),
                entry("GetAttText", Map.of("Fn::GetAtt", List.of("Table", "StreamArn"))),
                entry("GetAttNested", Map.of("Fn::GetAtt", List.of("Stack", "Outputs.TopicArn"))),
                entry("GetAttList", Map.of("Fn::GetAtt", List.of("Table", "Arn"))),
                entry("SubText", Map.of("Fn::Sub", "${AWS::StackName}-x")),
                entry("SubList", Map.of("Fn::Sub", List.of("${A}-y", Map.of("A", Map.of("Ref", "Param"))))),
                entry("Join", Map.of("Fn::Join", List.of(",", List.of("a", Map.of("Ref", "Param"))))),
                entry("If", Map.of("Fn::If", List.of("IsProd", 1, 2))),
                entry("Equals", Map.of("Fn::Equals", List.of(Map.of("Ref", "Param"), "x"))),
                entry("Not", Map.of("Fn::Not", List.of(Map.of("Condition", "IsProd")))),
                entry("And", Map.of("Fn::And", List.of(Map.of("Condition", "IsProd"), Map.of("Condition", "IsBig")))),
                entry("Or", Map.of("Fn::Or", List.of(Map.of("Condition", "IsProd"), Map.of("Condition", "IsBig")))),
                entry("Select", Map.of("Fn::Select", List.of(0, Map.of("Fn::GetAZs", "")))),
                entry("Split", Map.of("Fn::Split", List.of(",", "a,b"))),
                entry("FindInMap", Map.of("Fn::FindInMap", List.of("Sizes", Map.of("Ref", "AWS::Region"), "Memory"))),
                entry("Base64", Map.of("Fn::Base64", "text")),
                entry("ImportValue", Map.of("Fn::ImportValue", "shared-vpc")));
    }

    @Test
    void parse_readsLongFormAndShortFormAlike() {
        // GIVEN the same references written both ways
        SamTemplate template = parse("""
                Resources:
                  Short:
                    Type: AWS::SNS::Topic
                    Properties: {Name: !Sub '${AWS::StackName}-t', Arn: !GetAtt Queue.Arn}
                  Long:
                    Type: AWS::SNS::Topic
                    Properties: {Name: {'Fn::Sub': '${AWS::StackName}-t'}, Arn: {'Fn::GetAtt': [Queue, Arn]}}
                """);

        // THEN the model holds one representation
        assertThat(template.resources().get("Short").properties())
                .isEqualTo(template.resources().get("Long").properties());
    }

    @Test
    void parse_keepsUnquotedDatesAsText() {
        SamTemplate template = parse("AWSTemplateFormatVersion: 2010-09-09\nResources: {}\n");

        assertThat(template.document()).containsEntry("AWSTemplateFormatVersion", "2010-09-09");
    }

    @Test
    void parse_refusesDuplicateKeys() {
        assertThatThrownBy(() -> parse("""
                Resources:
                  Topic: {Type: AWS::SNS::Topic}
                  Topic: {Type: AWS::SQS::Queue}
                """))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("duplicate key Topic");
    }

    @Test
    void parse_refusesTagsCloudFormationDoesNotDefine() {
        assertThatThrownBy(() -> parse("Resources:\n  T: {Type: AWS::SNS::Topic, Properties: {Name: !Reference X}}\n"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("!Reference");
    }

    @Test
    void load_namesTheFileItCannotRead() {
        Path missing = directory.resolve("missing.yaml");

        assertThatThrownBy(() -> SamTemplate.load(missing))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void resources_reportTypeConditionAndDependencies() {
        SamTemplate template = parse("""
                Resources:
                  Subscription:
                    Type: AWS::SNS::Subscription
                    Condition: HasEmail
                    DependsOn: Topic
                    Properties: {TopicArn: !Ref Topic, Protocol: email}
                """);

        Resource subscription = template.resources().get("Subscription");

        assertThat(subscription.type()).isEqualTo("AWS::SNS::Subscription");
        assertThat(subscription.condition()).isEqualTo("HasEmail");
        assertThat(subscription.dependsOn()).containsExactly("Topic");
        assertThat(subscription.property("TopicArn")).isEqualTo(Map.of("Ref", "Topic"));
    }

    @Test
    void parameters_giveTypeDefaultAndAllowedValues() {
        SamTemplate template = parse("""
                Parameters:
                  Retention:
                    Type: Number
                    Default: 90
                    AllowedValues: [30, 90]
                    Description: Days
                  Email:
                    Type: String
                    AllowedPattern: '.+@.+'
                    NoEcho: true
                Resources: {}
                """);

        assertThat(template.parameters().get("Retention"))
                .isEqualTo(new Parameter("Retention", "Number", 90, List.of(30, 90), null, "Days", false));
        assertThat(template.parameters().get("Email").hasDefault()).isFalse();
        assertThat(template.parameters().get("Email").allowedPattern()).isEqualTo(".+@.+");
        assertThat(template.parameters().get("Email").noEcho()).isTrue();
    }

    @Test
    void functions_mergeGlobalsAsSamDoes() {
        // GIVEN globals and a function that overrides some of them
        SamTemplate template = parse("""
                Globals:
                  Function:
                    Runtime: java21
                    Handler: global.Handler::handleRequest
                    CodeUri: functions/target/lambda.jar
                    MemorySize: 1024
                    Timeout: 60
                    Architectures: [arm64]
                    AutoPublishAlias: live
                    SnapStart: {ApplyOn: PublishedVersions}
                    Layers: [global-layer]
                    Environment:
                      Variables: {SERVICE: recovery, LOG_LEVEL: INFO}
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: exchange.recovery.x.Handler::handleRequest
                      MemorySize: 512
                      Timeout: !Ref TimeoutParam
                      Layers: [own-layer]
                      Environment:
                        Variables: {LOG_LEVEL: DEBUG, TABLE: !Ref Table}
                """);

        // WHEN the function is read
        SamFunction function = template.functions().get("Fn");

        // THEN plain values on the function win, maps merge key by key, lists concatenate globals first
        assertThat(function.handler()).isEqualTo("exchange.recovery.x.Handler::handleRequest");
        assertThat(function.handlerClass()).isEqualTo("exchange.recovery.x.Handler");
        assertThat(function.handlerMethod()).isEqualTo("handleRequest");
        assertThat(function.runtime()).isEqualTo("java21");
        assertThat(function.codeUri()).isEqualTo("functions/target/lambda.jar");
        assertThat(function.memorySize()).isEqualTo(512);
        assertThat(function.timeout()).isEqualTo(Map.of("Ref", "TimeoutParam"));
        assertThat(function.architectures()).containsExactly("arm64");
        assertThat(function.autoPublishAlias()).isEqualTo("live");
        assertThat(function.snapStart()).containsEntry("ApplyOn", "PublishedVersions");
        assertThat(function.property("Layers")).isEqualTo(List.of("global-layer", "own-layer"));
        assertThat(function.environment()).containsExactly(
                entry("SERVICE", "recovery"), entry("LOG_LEVEL", "DEBUG"), entry("TABLE", Map.of("Ref", "Table")));
        // AND the resource view keeps what the template wrote
        assertThat(template.resources().get("Fn").properties()).doesNotContainKey("Runtime");
    }

    @Test
    void functions_takeAnIntrinsicOnTheFunctionAsAWholeValue() {
        // GIVEN a function whose environment is chosen by a condition
        SamTemplate template = parse("""
                Globals:
                  Function:
                    Environment: {Variables: {A: '1'}}
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.H
                      Environment: !If [IsProd, {Variables: {B: '2'}}, !Ref AWS::NoValue]
                """);

        // THEN SAM treats the intrinsic as a plain value: it replaces the global mapping
        assertThat(template.functions().get("Fn").property("Environment"))
                .isEqualTo(Map.of("Fn::If", List.of("IsProd", Map.of("Variables", Map.of("B", "2")),
                        Map.of("Ref", "AWS::NoValue"))));
    }

    @Test
    void functions_honourIgnoreGlobals() {
        SamTemplate template = parse("""
                Globals:
                  Function: {Runtime: java21, MemorySize: 1024, Timeout: 60}
                Resources:
                  Some:
                    Type: AWS::Serverless::Function
                    IgnoreGlobals: [MemorySize]
                    Properties: {Handler: x.H}
                  None:
                    Type: AWS::Serverless::Function
                    IgnoreGlobals: '*'
                    Properties: {Handler: x.H, Runtime: java25}
                """);

        assertThat(template.functions().get("Some").properties())
                .containsOnlyKeys("Runtime", "Timeout", "Handler");
        assertThat(template.functions().get("None").properties())
                .containsOnlyKeys("Handler", "Runtime");
    }

    @Test
    void stateMachines_resolveTheDefinitionFileAgainstTheTemplateDirectory() throws Exception {
        // GIVEN a template file in a directory with its state machine definition beside it
        Files.createDirectories(directory.resolve("statemachines"));
        Files.writeString(directory.resolve("statemachines/plan.asl.json"), "{}");
        Files.writeString(directory.resolve("template.yaml"), """
                Resources:
                  Plan:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: statemachines/plan.asl.json
                      DefinitionSubstitutions:
                        FunctionArn: !Ref Fn.Alias
                        TopicArn: !GetAtt Topic.TopicArn
                      Policies:
                        LambdaInvokePolicy: {FunctionName: !Ref Fn}
                      Events:
                        Alarm:
                          Type: EventBridgeRule
                          Properties: {Pattern: {source: [aws.cloudwatch]}}
                      Logging: {Level: ALL}
                      Tracing: {Enabled: true}
                  Remote:
                    Type: AWS::Serverless::StateMachine
                    Properties: {DefinitionUri: {Bucket: b, Key: k}}
                """);

        // WHEN it is loaded from a different working directory
        SamTemplate template = SamTemplate.load(directory.resolve("template.yaml"));
        SamStateMachine plan = template.stateMachines().get("Plan");

        // THEN the definition is found beside the template, and substitutions are left unresolved
        assertThat(plan.definitionPath()).contains(directory.toAbsolutePath().resolve("statemachines/plan.asl.json"));
        assertThat(plan.definitionSubstitutions()).containsExactly(
                entry("FunctionArn", Map.of("Ref", "Fn.Alias")),
                entry("TopicArn", Map.of("Fn::GetAtt", List.of("Topic", "TopicArn"))));
        assertThat(plan.policies()).containsExactly(Map.of("LambdaInvokePolicy", Map.of("FunctionName", Map.of("Ref", "Fn"))));
        assertThat(plan.events()).containsOnlyKeys("Alarm");
        assertThat(plan.logging()).containsEntry("Level", "ALL");
        assertThat(plan.tracing()).containsEntry("Enabled", true);
        assertThat(plan.type()).isEqualTo("STANDARD");
        assertThat(template.stateMachines().get("Remote").definitionPath()).isEmpty();
    }

    @Test
    void conditionsAndOutputs_areReadAsWritten() {
        SamTemplate template = parse("""
                Conditions:
                  HasEmail: !Not [!Equals [!Ref Email, '']]
                Resources: {}
                Outputs:
                  TopicArn:
                    Description: Where notifications go
                    Value: !Ref Topic
                    Condition: HasEmail
                    Export: {Name: !Sub '${AWS::StackName}-topic'}
                """);

        assertThat(template.conditions()).containsEntry("HasEmail",
                Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "Email"), "")))));
        assertThat(template.outputs().get("TopicArn")).isEqualTo(new Output("TopicArn", "Where notifications go",
                Map.of("Ref", "Topic"), Map.of("Fn::Sub", "${AWS::StackName}-topic"), "HasEmail"));
    }

    @Test
    void document_cannotBeChangedByCallers() {
        SamTemplate template = parse("Resources:\n  T: {Type: AWS::SNS::Topic, Properties: {Tags: [a]}}\n");

        assertThatThrownBy(() -> template.document().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> template.functions().clear()).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> tags = (List<Object>) property(template, "T", "Tags");
        assertThatThrownBy(() -> tags.add("b")).isInstanceOf(UnsupportedOperationException.class);
    }
}
