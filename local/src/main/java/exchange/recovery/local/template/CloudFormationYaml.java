package exchange.recovery.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads CloudFormation YAML: every short-form tag becomes the long-form object that JSON templates use
 * ({@code !Ref X} is {@code {"Ref": "X"}}, {@code !GetAtt A.B} is {@code {"Fn::GetAtt": ["A", "B"]}}),
 * timestamps stay strings, and duplicate keys are refused as CloudFormation refuses them.
 */
final class CloudFormationYaml {

    /** Short-form tags CloudFormation defines, each with its long-form key. */
    static final Map<String, String> SHORT_FORMS = shortForms();

    private CloudFormationYaml() {
    }

    /** Parses one YAML document into plain maps (insertion-ordered, string keys), lists and scalars. */
    static Object parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(64 * 1024 * 1024);
        try {
            return new Yaml(new Constructor(options)).load(yaml);
        } catch (YAMLException e) {
            throw new TemplateException("Not valid CloudFormation YAML: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> shortForms() {
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put("Ref", "Ref");
        forms.put("Condition", "Condition");
        for (String function : List.of("GetAtt", "Sub", "Join", "If", "Equals", "Not", "And", "Or", "Select",
                "Split", "FindInMap", "Base64", "GetAZs", "ImportValue", "Cidr", "Transform", "Length",
                "ToJsonString")) {
            forms.put(function, "Fn::" + function);
        }
        return Map.copyOf(forms);
    }

    private static final class Constructor extends SafeConstructor {

        Constructor(LoaderOptions options) {
            super(options);
            // CloudFormation takes unquoted dates as strings; so do we, so that values round-trip.
            yamlConstructors.put(Tag.TIMESTAMP, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return constructScalar((ScalarNode) node);
                }
            });
            SHORT_FORMS.forEach((tag, longForm) -> yamlConstructors.put(new Tag("!" + tag), new Intrinsic(tag, longForm)));
        }

        private final class Intrinsic extends AbstractConstruct {

            private final String tag;
            private final String longForm;

            Intrinsic(String tag, String longForm) {
                this.tag = tag;
                this.longForm = longForm;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    // !GetAtt Resource.Attribute is short for [Resource, Attribute]; the attribute may hold dots.
                    value = "GetAtt".equals(tag) && text.contains(".")
                            ? List.of(text.substring(0, text.indexOf('.')), text.substring(text.indexOf('.') + 1))
                            : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = new ArrayList<>(constructSequence(sequence));
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> intrinsic = new LinkedHashMap<>();
                intrinsic.put(longForm, value);
                return intrinsic;
            }
        }
    }
}
