package exchange.recovery.rds;

import static exchange.recovery.rds.TestInstances.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceRequest;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.RebootDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RebootDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.RemoveTagsFromResourceRequest;
import software.amazon.awssdk.services.rds.model.Tag;

@ExtendWith(MockitoExtension.class)
class RdsFailoverTest {

    private static final Instant START = Instant.parse("2026-03-10T12:00:00Z");
    private static final String INCIDENT = "INC-7";

    @Mock
    private RdsClient rds;

    private ManualClock clock;
    private final Deque<WriteProbe.Result> probeAnswers = new ArrayDeque<>();
    private final List<DbEndpoint> probed = new ArrayList<>();
    private RdsFailover failover;

    @BeforeEach
    void setUp() {
        clock = new ManualClock(START);
        WriteProbe probe = endpoint -> {
            probed.add(endpoint);
            return probeAnswers.isEmpty() ? WriteProbe.Result.writable("accepted") : probeAnswers.poll();
        };
        failover = new RdsFailover(new RdsGateway(rds), probe,
                new Waiter(clock, clock, new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(30))), Duration.ofMinutes(10), SOURCE);
    }

    @Test
    void failover_refusesSingleAzInstance() {
        givenDescriptions(primary().multiAZ(false).secondaryAvailabilityZone(null).build());

        assertThatThrownBy(() -> failover.failOver(request()))
                .isInstanceOf(FailoverNotPermitted.class)
                .isNotInstanceOf(TransientFailure.class)
                .hasMessageContaining("not Multi-AZ");
        verify(rds, never()).rebootDBInstance(any(RebootDbInstanceRequest.class));
        verify(rds, never()).addTagsToResource(any(AddTagsToResourceRequest.class));
    }

    @Test
    void failover_refusesInstanceThatIsNotAvailable() {
        givenDescriptions(primary().dbInstanceStatus("modifying").build());

        assertThatThrownBy(() -> failover.failOver(request()))
                .isInstanceOf(FailoverNotPermitted.class)
                .hasMessageContaining("is modifying");
        verify(rds, never()).rebootDBInstance(any(RebootDbInstanceRequest.class));
    }

    @Test
    void failover_refusesReadReplica() {
        givenDescriptions(primary().readReplicaSourceDBInstanceIdentifier("exchange-db-main").build());

        assertThatThrownBy(() -> failover.failOver(request()))
                .isInstanceOf(FailoverNotPermitted.class)
                .hasMessageContaining("read replica");
    }

    @Test
    void failover_refusesClusterMember() {
        givenDescriptions(primary().dbClusterIdentifier("exchange-aurora").build());

        assertThatThrownBy(() -> failover.failOver(request()))
                .isInstanceOf(FailoverNotPermitted.class)
                .hasMessageContaining("FailoverDBCluster");
    }

    @Test
    void failover_isRequestedWhenThePrimaryRunsInTheAffectedAz() {
        givenDescriptions(primary().build(), promoted());
        givenRebootAccepted();

        FailoverResult result = failover.failOver(new FailoverRequest(INCIDENT, null, "eu-west-1a"));

        assertThat(result.action()).isEqualTo("failed-over");
        assertThat(result.availabilityZoneAfter()).isEqualTo("eu-west-1b");
        verify(rds).rebootDBInstance(any(RebootDbInstanceRequest.class));
    }

    @Test
    void failover_marksTheIncidentThenRebootsWithForceFailover() {
        givenDescriptions(primary().build(), primary().dbInstanceStatus("rebooting").build(), promoted());
        givenRebootAccepted();

        failover.failOver(request());

        InOrder order = inOrder(rds);
        ArgumentCaptor<AddTagsToResourceRequest> tags = ArgumentCaptor.forClass(AddTagsToResourceRequest.class);
        order.verify(rds).addTagsToResource(tags.capture());
        ArgumentCaptor<RebootDbInstanceRequest> reboot = ArgumentCaptor.forClass(RebootDbInstanceRequest.class);
        order.verify(rds).rebootDBInstance(reboot.capture());
        assertThat(reboot.getValue().dbInstanceIdentifier()).isEqualTo(SOURCE);
        assertThat(reboot.getValue().forceFailover()).isTrue();
        Map<String, String> marker = tags.getValue().tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
        assertThat(marker).containsEntry(RecoveryTags.FAILOVER_INCIDENT, INCIDENT)
                .containsEntry(RecoveryTags.FAILOVER_REQUESTED_AT, START.toString());
    }

    @Test
    void failover_verifiesTheNewPrimaryIsAvailableInTheStandbyAzAndAcceptsWrites() {
        givenDescriptions(primary().build(), primary().dbInstanceStatus("rebooting").build(),
                primary().build(), promoted());
        givenRebootAccepted();

        FailoverResult result = failover.failOver(request());

        assertThat(result.action()).isEqualTo("failed-over");
        assertThat(result.availabilityZoneBefore()).isEqualTo("eu-west-1a");
        assertThat(result.availabilityZoneAfter()).isEqualTo("eu-west-1b");
        assertThat(result.primaryAzChanged()).isTrue();
        assertThat(result.writeVerified()).isTrue();
        assertThat(result.status()).isEqualTo("available");
        assertThat(result.database()).isEqualTo(SOURCE + TestInstances.ENDPOINT_SUFFIX + ":5433/exchange");
        assertThat(probed).extracting(DbEndpoint::address).containsOnly(SOURCE + TestInstances.ENDPOINT_SUFFIX);
        assertThat(clock.sleeps()).as("backoff between polls").containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Test
    void failover_keepsProbingUntilWritesAreAccepted() {
        givenDescriptions(primary().build(), promoted());
        givenRebootAccepted();
        probeAnswers.add(WriteProbe.Result.notWritable("SQLState 25006: cannot execute INSERT in a read-only transaction"));
        probeAnswers.add(WriteProbe.Result.notWritable("SQLState 08001: connection refused"));

        FailoverResult result = failover.failOver(request());

        assertThat(result.writeVerified()).isTrue();
        assertThat(probed).hasSize(3);
    }

    @Test
    void failover_reportsNotVerifiedWhenWritesAreRefusedUntilTheDeadline() {
        givenDescriptions(primary().build(), promoted());
        givenRebootAccepted();
        for (int i = 0; i < 100; i++) {
            probeAnswers.add(WriteProbe.Result.notWritable("SQLState 25006: read-only"));
        }

        assertThatThrownBy(() -> failover.failOver(request()))
                .isInstanceOf(FailoverNotVerified.class)
                .isInstanceOf(TransientFailure.class)
                .hasMessageContaining("does not accept writes yet")
                .hasMessageContaining("read-only");
        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(10)));
    }

    @Test
    void failover_reportsNotVerifiedWhileThePrimaryHasNotMovedByTheDeadline() {
        givenDescriptions(primary().build());
        givenRebootAccepted();

        assertThatThrownBy(() -> failover.failOver(request()))
                .isInstanceOf(FailoverNotVerified.class)
                .hasMessageContaining("still in eu-west-1a (expected eu-west-1b)");
        assertThat(probed).isEmpty();
    }

    @Test
    void failover_stopsWaitingOnAnInstanceThatFailed() {
        givenDescriptions(primary().build(), primary().dbInstanceStatus("failed").build());
        givenRebootAccepted();

        assertThatThrownBy(() -> failover.failOver(request()))
                .isInstanceOf(InstanceUnusable.class)
                .hasMessageContaining("is failed");
    }

    @Test
    void failover_isNotRequestedTwiceForTheSameIncident() {
        DBInstance marked = promoted().toBuilder().tagList(
                RecoveryTags.tag(RecoveryTags.FAILOVER_INCIDENT, INCIDENT),
                RecoveryTags.tag(RecoveryTags.FAILOVER_REQUESTED_AT, START.minusSeconds(60).toString()),
                RecoveryTags.tag(RdsFailover.FAILOVER_FROM_AZ, "eu-west-1a"),
                RecoveryTags.tag(RdsFailover.FAILOVER_TO_AZ, "eu-west-1b")).build();
        givenDescriptions(marked);

        FailoverResult result = failover.failOver(request());

        assertThat(result.action()).isEqualTo("resumed");
        assertThat(result.failoverRequestedAt()).isEqualTo(START.minusSeconds(60));
        assertThat(result.primaryAzChanged()).isTrue();
        assertThat(result.writeVerified()).isTrue();
        verify(rds, never()).rebootDBInstance(any(RebootDbInstanceRequest.class));
    }

    @Test
    void failover_isNotNeededWhenThePrimaryAlreadyRunsOutsideTheAffectedAz() {
        givenDescriptions(promoted());

        FailoverResult result = failover.failOver(new FailoverRequest(INCIDENT, null, "eu-west-1a"));

        assertThat(result.action()).isEqualTo("not-needed");
        assertThat(result.primaryAzChanged()).isNull();
        assertThat(result.writeVerified()).isTrue();
        verify(rds, never()).rebootDBInstance(any(RebootDbInstanceRequest.class));
    }

    @Test
    void failover_isNotRequestedWhenOnlyTheStandbyAzIsAffected() {
        givenDescriptions(primary().build());

        FailoverResult result = failover.failOver(new FailoverRequest(INCIDENT, null, "eu-west-1b"));

        assertThat(result.action()).isEqualTo("not-needed");
        assertThat(result.availabilityZoneAfter()).isEqualTo("eu-west-1a");
        verify(rds, never()).rebootDBInstance(any(RebootDbInstanceRequest.class));
    }

    @Test
    void failover_removesItsMarkWhenRdsRefusesTheReboot() {
        givenDescriptions(primary().build());
        when(rds.rebootDBInstance(any(RebootDbInstanceRequest.class))).thenThrow(RdsException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidDBInstanceState")
                        .errorMessage("Instance is not available").build()).build());

        assertThatThrownBy(() -> failover.failOver(request()))
                .isInstanceOf(RdsRequestRejected.class)
                .hasMessageContaining("InvalidDBInstanceState");
        ArgumentCaptor<RemoveTagsFromResourceRequest> untag = ArgumentCaptor.forClass(RemoveTagsFromResourceRequest.class);
        verify(rds).removeTagsFromResource(untag.capture());
        assertThat(untag.getValue().tagKeys()).contains(RecoveryTags.FAILOVER_INCIDENT);
    }

    private static FailoverRequest request() {
        return new FailoverRequest(INCIDENT, null, null);
    }

    private static DBInstance.Builder primary() {
        return TestInstances.source(START).tagList(List.of());
    }

    private static DBInstance promoted() {
        return primary().availabilityZone("eu-west-1b").secondaryAvailabilityZone("eu-west-1a").build();
    }

    /** Successive DescribeDBInstances answers; the last one repeats. */
    private void givenDescriptions(DBInstance first, DBInstance... then) {
        DescribeDbInstancesResponse[] rest = new DescribeDbInstancesResponse[then.length];
        for (int i = 0; i < then.length; i++) {
            rest[i] = DescribeDbInstancesResponse.builder().dbInstances(then[i]).build();
        }
        when(rds.describeDBInstances(any(DescribeDbInstancesRequest.class)))
                .thenReturn(DescribeDbInstancesResponse.builder().dbInstances(first).build(), rest);
    }

    private void givenRebootAccepted() {
        when(rds.rebootDBInstance(any(RebootDbInstanceRequest.class))).thenReturn(RebootDbInstanceResponse.builder()
                .dbInstance(primary().dbInstanceStatus("rebooting").build()).build());
    }
}
