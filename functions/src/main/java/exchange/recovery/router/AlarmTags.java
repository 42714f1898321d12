package exchange.recovery.router;

import java.util.Map;
import java.util.stream.Collectors;

import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/** The tags of a CloudWatch alarm (state change events do not carry them). */
@FunctionalInterface
public interface AlarmTags {

    Map<String, String> of(String alarmArn);

    static AlarmTags cloudWatch(CloudWatchClient cloudWatch) {
        return alarmArn -> {
            try {
                return cloudWatch.listTagsForResource(builder -> builder.resourceARN(alarmArn)).tags().stream()
                        .collect(Collectors.toUnmodifiableMap(Tag::key, Tag::value, (first, second) -> first));
            } catch (ResourceNotFoundException deleted) {
                return Map.of();
            } catch (SdkException e) {
                throw new TransientFailure("Could not read the tags of alarm " + alarmArn, e);
            }
        };
    }
}
