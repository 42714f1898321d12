package exchange.recovery.wallet;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Json;
import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;

/** The withdrawal flag's SSM parameter: read (strongly consistent) and written as JSON. */
public class WithdrawalFlag {

    private final SsmClient ssm;
    private final String parameterName;

    public WithdrawalFlag(SsmClient ssm, String parameterName) {
        this.ssm = ssm;
        this.parameterName = parameterName;
    }

    public String parameterName() {
        return parameterName;
    }

    /** The current state: a parameter not created yet reads as open with no holds, an unreadable value as paused. */
    public WithdrawalState read() {
        try {
            String value = ssm.getParameter(GetParameterRequest.builder().name(parameterName).build()).parameter().value();
            return parse(value);
        } catch (ParameterNotFoundException e) {
            return WithdrawalState.initial();
        } catch (SdkException e) {
            throw new TransientFailure("Could not read the withdrawal flag " + parameterName, e);
        }
    }

    /** The current state, for readers that must fail closed: a missing parameter is an error. */
    public WithdrawalState readExisting() {
        try {
            return parse(ssm.getParameter(GetParameterRequest.builder().name(parameterName).build()).parameter().value());
        } catch (ParameterNotFoundException e) {
            throw e;
        } catch (SdkException e) {
            throw new TransientFailure("Could not read the withdrawal flag " + parameterName, e);
        }
    }

    public void write(WithdrawalState state) {
        try {
            ssm.putParameter(PutParameterRequest.builder().name(parameterName).type(ParameterType.STRING)
                    .overwrite(true).value(Json.write(state)).build());
        } catch (SdkException e) {
            throw new TransientFailure("Could not write the withdrawal flag " + parameterName, e);
        }
    }

    /** Parses the stored JSON; a value that is not our JSON is treated as paused, never as open. */
    static WithdrawalState parse(String value) {
        try {
            WithdrawalState state = Json.MAPPER.readValue(value, WithdrawalState.class);
            return state == null ? pausedUnreadable() : state;
        } catch (Exception e) {
            return pausedUnreadable();
        }
    }

    private static WithdrawalState pausedUnreadable() {
        return new WithdrawalState(true, java.util.List.of(new WithdrawalState.Hold("UNREADABLE-FLAG", "system",
                "the flag's value could not be read", null)), null, null, null, null, null, null);
    }

    static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput(name + " is required");
        }
    }
}
