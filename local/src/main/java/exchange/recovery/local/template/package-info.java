/**
 * The SAM template model: the one place that reads {@code template.yaml}.
 *
 * <p>{@link exchange.recovery.local.template.SamTemplate#load(java.nio.file.Path)} parses the template,
 * turning CloudFormation's short-form tags ({@code !Ref}, {@code !Sub}, {@code !GetAtt}, ...) into the same
 * long-form objects ({@code {"Ref": ...}}, {@code {"Fn::Sub": ...}}, ...) that the JSON form uses, so
 * callers see one representation. Typed views give parameters, conditions, resources, functions (with
 * {@code Globals} merged as SAM merges them), state machines and outputs; {@link
 * exchange.recovery.local.template.Intrinsics} resolves intrinsic functions against a {@link
 * exchange.recovery.local.template.ResolutionContext} that the caller supplies (a local stack, a test),
 * and {@link exchange.recovery.local.template.StackContext} is a ready one built from the template itself.
 */
package exchange.recovery.local.template;
