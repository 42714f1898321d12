package exchange.recovery.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbInstanceAutomatedBackupsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.RdsException;

@ExtendWith(MockitoExtension.class)
class RdsGatewayTest {

    @Mock
    private RdsClient rds;

    @Test
    void gateway_reportsAMissingInstanceAsEmpty() {
        when(rds.describeDBInstances(any(DescribeDbInstancesRequest.class)))
                .thenThrow(DbInstanceNotFoundException.builder().statusCode(404).message("not found").build());

        assertThat(new RdsGateway(rds).find("exchange-db")).isEmpty();
        assertThatThrownBy(() -> new RdsGateway(rds).require("exchange-db"))
                .isInstanceOf(InstanceNotFound.class)
                .hasMessage("DB instance not found: exchange-db");
    }

    @Test
    void gateway_treatsTimeoutsAsTransient() {
        when(rds.describeDBInstances(any(DescribeDbInstancesRequest.class)))
                .thenThrow(ApiCallTimeoutException.builder().message("Client execution did not complete").build());

        assertThatThrownBy(() -> new RdsGateway(rds).find("exchange-db"))
                .isInstanceOf(RdsUnavailable.class)
                .isInstanceOf(TransientFailure.class);
    }

    @Test
    void gateway_treatsServerErrorsAsTransient() {
        when(rds.describeDBInstances(any(DescribeDbInstancesRequest.class))).thenThrow(RdsException.builder().statusCode(503)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ServiceUnavailable").errorMessage("try later").build()).build());

        assertThatThrownBy(() -> new RdsGateway(rds).find("exchange-db"))
                .isInstanceOf(RdsUnavailable.class)
                .hasMessageContaining("ServiceUnavailable");
    }

    @Test
    void gateway_treatsThrottlingAsTransient() {
        when(rds.describeDBInstances(any(DescribeDbInstancesRequest.class))).thenThrow(RdsException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").errorMessage("slow down").build()).build());

        assertThatThrownBy(() -> new RdsGateway(rds).find("exchange-db"))
                .isInstanceOf(RdsThrottled.class);
    }

    @Test
    void gateway_treatsOtherRefusalsAsFinal() {
        when(rds.describeDBInstances(any(DescribeDbInstancesRequest.class))).thenThrow(RdsException.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("not allowed").build()).build());

        assertThatThrownBy(() -> new RdsGateway(rds).find("exchange-db"))
                .isInstanceOf(RdsRequestRejected.class)
                .isNotInstanceOf(TransientFailure.class)
                .hasMessageContaining("AccessDenied");
    }

    @Test
    void gateway_readsNoEarliestTimeWhenAutomatedBackupsCannotBeListed() {
        when(rds.describeDBInstanceAutomatedBackups(any(DescribeDbInstanceAutomatedBackupsRequest.class)))
                .thenThrow(RdsException.builder().statusCode(403)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("no").build()).build());

        assertThat(new RdsGateway(rds).earliestRestorableTime(TestInstances.source(null).build())).isEmpty();
    }
}
