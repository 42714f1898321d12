package exchange.recovery.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class IntrinsicsTest {

    private static final String TEMPLATE = """
            Parameters:
              Stage: {Type: String, Default: prod}
              Email: {Type: String, Default: ''}
              Subnets: {Type: CommaDelimitedList, Default: 'subnet-a, subnet-b'}
            Mappings:
              Sizes:
                eu-west-1: {Memory: 2048}
            Conditions:
              IsProd: !Equals [!Ref Stage, prod]
              HasEmail: !Not [!Equals [!Ref Email, '']]
              ProdWithEmail: !And [!Condition IsProd, !Condition HasEmail]
              ProdOrEmail: !Or [!Condition IsProd, !Condition HasEmail]
            Resources:
              Topic: {Type: AWS::SNS::Topic}
              Table: {Type: AWS::DynamoDB::Table}
              Fn: {Type: AWS::Serverless::Function, Properties: {Handler: x.H}}
              Plan:
                Type: AWS::Serverless::StateMachine
                Properties:
                  DefinitionUri: plan.asl.json
                  DefinitionSubstitutions:
                    FunctionArn: !Ref Fn.Alias
                    TableArn: !GetAtt Table.Arn
                    Bus: !Sub 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${AWS::StackName}'
              Broken:
                Type: AWS::EC2::VPC
                Properties:
                  Tags:
                    - Key: cidr
                      Value: !Cidr [10.0.0.0/16, 2, 8]
            """;

    private final SamTemplate template = SamTemplate.parse(TEMPLATE, Path.of("."));

    private StackContext.Builder stack() {
        return StackContext.builder(template)
                .region("eu-west-1").accountId("111122223333").stackName("recovery")
                .resourceRefs(name -> "physical-" + name)
                .attributes((logicalId, attribute) -> "arn:" + logicalId + ":" + attribute);
    }

    private Object resolve(String yamlValue) {
        return resolve(yamlValue, stack().build());
    }

    private Object resolve(String yamlValue, ResolutionContext context) {
        Object value = SamTemplate.parse("V: " + yamlValue + "\n", Path.of(".")).document().get("V");
        return Intrinsics.resolve(value, context);
    }

    @Test
    void sub_replacesReferencesAttributesAndPseudoParameters() {
        assertThat(resolve("!Sub '${Topic} ${Table.Arn} ${AWS::Region} ${AWS::AccountId} ${AWS::StackName} ${Stage}'"))
                .isEqualTo("physical-Topic arn:Table:Arn eu-west-1 111122223333 recovery prod");
    }

    @Test
    void sub_keepsEscapedLiteralsAsDollarBraces() {
        // GIVEN ${!Literal}, which CloudFormation writes out as ${Literal}
        assertThat(resolve("!Sub 'States.Format(''${!Literal}'') ${Stage} $notAVariable'"))
                .isEqualTo("States.Format('${Literal}') prod $notAVariable");
    }

    @Test
    void sub_usesItsOwnVariablesFirst() {
        assertThat(resolve("!Sub ['${Stage}/${Name}', {Name: !GetAtt Topic.TopicName, Stage: own}]"))
                .isEqualTo("own/arn:Topic:TopicName");
    }

    @Test
    void sub_treatsAliasAndVersionAsSamReferences() {
        assertThat(resolve("!Sub '${Fn.Alias}|${Fn.Version}'")).isEqualTo("physical-Fn.Alias|physical-Fn.Version");
    }

    @Test
    void subVariables_listsTheNamesAStringRefersTo() {
        assertThat(Intrinsics.subVariables("${A}-${B.Arn}-${!C}-${AWS::Region}")).containsExactly("A", "B.Arn", "AWS::Region");
    }

    @Test
    void ref_passesSamAliasFormsAsOneName() {
        StackContext context = stack().build();

        Map<String, Object> substitutions = Values.map(Intrinsics.resolve(
                template.stateMachines().get("Plan").definitionSubstitutions(), context), "substitutions");

        assertThat(substitutions).containsEntry("FunctionArn", "physical-Fn.Alias")
                .containsEntry("TableArn", "arn:Table:Arn")
                .containsEntry("Bus", "arn:aws:events:eu-west-1:111122223333:event-bus/recovery");
    }

    @Test
    void ref_givesParameterValuesAndDefaults() {
        StackContext context = stack().parameter("Email", "oncall@example.com").build();

        assertThat(resolve("[!Ref Stage, !Ref Email]", context)).isEqualTo(List.of("prod", "oncall@example.com"));
        assertThat(resolve("!Ref Subnets", context)).isEqualTo(List.of("subnet-a", "subnet-b"));
    }

    @Test
    void ref_givesEveryPseudoParameter() {
        assertThat(resolve("[!Ref AWS::Region, !Ref AWS::AccountId, !Ref AWS::StackName, !Ref AWS::Partition, !Ref AWS::URLSuffix]"))
                .isEqualTo(List.of("eu-west-1", "111122223333", "recovery", "aws", "amazonaws.com"));
    }

    @Test
    void noValue_dropsTheKeyOrItemThatHoldsIt() {
        assertThat(resolve("{Keep: 1, Drop: !Ref AWS::NoValue, List: [a, !Ref AWS::NoValue, b]}"))
                .isEqualTo(Map.of("Keep", 1, "List", List.of("a", "b")));
    }

    @Test
    void if_choosesTheBranchOfTheTemplateCondition() {
        // GIVEN the default parameters: Stage=prod, no Email
        assertThat(resolve("[!If [IsProd, A, B], !If [HasEmail, A, B], !If [ProdWithEmail, A, B], !If [ProdOrEmail, A, B]]"))
                .isEqualTo(List.of("A", "B", "B", "A"));
        // AND the branch not taken is not resolved, whatever it holds
        assertThat(resolve("!If [IsProd, kept, !Ref Unknown]")).isEqualTo("kept");
        assertThat(resolve("{Email: !If [HasEmail, !Ref Email, !Ref AWS::NoValue]}")).isEqualTo(Map.of());
    }

    @Test
    void conditions_followParameterValues() {
        StackContext context = stack().parameter("Stage", "test").parameter("Email", "a@b.c").build();

        assertThat(context.condition("IsProd")).isFalse();
        assertThat(context.condition("HasEmail")).isTrue();
        assertThat(context.condition("ProdWithEmail")).isFalse();
        assertThat(context.condition("ProdOrEmail")).isTrue();
    }

    @Test
    void conditions_thatReferToEachOtherInACycleAreReported() {
        SamTemplate cyclic = SamTemplate.parse("""
                Conditions:
                  A: !Condition B
                  B: !Not [!Condition A]
                Resources: {}
                """, Path.of("."));

        assertThatThrownBy(() -> StackContext.builder(cyclic).build().condition("A"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("cycle: A -> B -> A");
    }

    @Test
    void listFunctions_joinSplitAndSelect() {
        assertThat(resolve("!Join ['-', [a, !Ref Stage, 3]]")).isEqualTo("a-prod-3");
        assertThat(resolve("!Join [',', !Split ['|', 'x|y||z']]")).isEqualTo("x,y,,z");
        assertThat(resolve("!Select ['1', !Ref Subnets]")).isEqualTo("subnet-b");
        assertThat(resolve("!Select [2, !GetAZs '']")).isEqualTo("eu-west-1c");
    }

    @Test
    void otherFunctions_findInMapBase64AndImportValue() {
        StackContext context = stack().export("shared-vpc", "vpc-123").build();

        assertThat(resolve("!FindInMap [Sizes, !Ref AWS::Region, Memory]", context)).isEqualTo(2048);
        assertThat(resolve("{'Fn::Base64': !Sub '${Stage}'}", context)).isEqualTo("cHJvZA==");
        assertThat(resolve("!ImportValue shared-vpc", context)).isEqualTo("vpc-123");
    }

    @Test
    void unsupportedIntrinsics_nameTheResourceAndPath() {
        Resource broken = template.resources().get("Broken");

        assertThatThrownBy(() -> broken.resolvedProperties(stack().build()))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Unsupported intrinsic Fn::Cidr at Resources.Broken.Properties.Tags[0].Value");
    }

    @Test
    void unknownNames_areReportedWithTheirPath() {
        Resource plan = template.resources().get("Plan");
        SamTemplate withTypo = SamTemplate.parse("""
                Resources:
                  Fn:
                    Type: AWS::Lambda::Function
                    Properties:
                      Environment: {Variables: {TOPIC: !Sub '${Topik}'}}
                """, Path.of("."));

        assertThatThrownBy(() -> withTypo.resources().get("Fn").resolvedProperties(StackContext.builder(withTypo).build()))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Ref to Topik, which is neither a parameter nor a resource at "
                        + "Resources.Fn.Properties.Environment.Variables.TOPIC.Fn::Sub ${Topik}");
        assertThatThrownBy(() -> plan.resolvedProperties(StackContext.builder(template).build()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("No value is known for Ref Fn.Alias")
                .hasMessageContaining("Resources.Plan.Properties.DefinitionSubstitutions.FunctionArn.Ref");
    }
}
