package exchange.recovery.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.Json;
import exchange.recovery.db.SecretCredentials;
import exchange.recovery.local.exchange.LocalPostgres;
import exchange.recovery.local.emulator.LocalAws;
import exchange.recovery.local.emulator.LocalContext;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.OptionGroupMembership;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * RDS recovery against the local AWS emulator ({@link LocalAws}) and a real PostgreSQL. The emulator makes every
 * instance {@code available} at once and validates nothing: these tests prove our checks refuse what
 * AWS would refuse, that a restore's request is accepted and yields an instance with the source's
 * settings, and that the wait, cut-over and failover steps reach their end state through the handlers.
 */
class RdsRecoveryOnEmulatorTest {

    private static final String SOURCE = "exchange-db";
    private static final String INCIDENT = "INC-2026-0310";
    private static final String RETAINED = "exchange-db-old-inc-2026-0310";
    private static final String KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/0b5e6c8e-1111-2222-3333-444455556666";
    private static final String MONITORING_ROLE = "arn:aws:iam::123456789012:role/rds-enhanced-monitoring";

    private static LocalAws aws;
    /** The copy the last {@link #startRestore} made or found. */
    private String copy;
    private static LocalPostgres postgres;
    private static AwsClients clients;
    private static RdsClient rds;
    private static Ec2Client ec2;

    private List<String> securityGroups;
    private String secretArn;

    @BeforeAll
    static void startEmulatorAndDatabase() throws Exception {
        aws = LocalAws.start();
        postgres = LocalPostgres.start();
        clients = aws.clients();
        rds = clients.rds();
        ec2 = clients.configure(Ec2Client.builder()).build();
    }

    @AfterAll
    static void stop() {
        if (ec2 != null) {
            ec2.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    @BeforeEach
    void provisionTheExchangeDatabase() throws Exception {
        resetEmulator();
        String vpc = ec2.createVpc(b -> b.cidrBlock("10.20.0.0/16")).vpc().vpcId();
        String subnetA = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.20.1.0/24").availabilityZone("us-east-1a")).subnet().subnetId();
        String subnetB = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.20.2.0/24").availabilityZone("us-east-1b")).subnet().subnetId();
        securityGroups = List.of(
                ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName("exchange-db").description("database")).groupId(),
                ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName("exchange-db-admin").description("bastion")).groupId());
        rds.createDBSubnetGroup(b -> b.dbSubnetGroupName("exchange-db-subnets").dbSubnetGroupDescription("exchange database")
                .subnetIds(subnetA, subnetB));
        rds.createDBParameterGroup(b -> b.dbParameterGroupName("exchange-pg13").dbParameterGroupFamily("postgres13")
                .description("exchange database parameters"));
        rds.createOptionGroup(b -> b.optionGroupName("exchange-options").engineName("postgres").majorEngineVersion("13")
                .optionGroupDescription("exchange database options"));
        createInstance(SOURCE, true);
        rds.modifyDBInstance(b -> b.dbInstanceIdentifier(SOURCE).monitoringInterval(60).monitoringRoleArn(MONITORING_ROLE)
                .applyImmediately(true));
        secretArn = clients.secretsManager().createSecret(b -> b.name("exchange/db/services")
                .secretString(Json.write(Map.of("username", postgres.user(), "password", "unused-with-trust",
                        "host", "127.0.0.1", "port", postgres.port(), "dbname", "exchange")))).arn();
    }

    // --- failover -------------------------------------------------------------------------------------

    @Test
    void failover_ofMultiAzInstanceIsRequestedAndVerifiedWithARealWrite() {
        JsonNode result = invoke(RdsFailoverHandler::new, Map.of("DATABASE_SECRET_ARN", secretArn),
                Map.of("incidentId", INCIDENT));

        assertThat(result.path("action").asText()).isEqualTo("failed-over");
        assertThat(result.path("writeVerified").asBoolean()).isTrue();
        assertThat(result.path("writeProbe").asText()).startsWith("127.0.0.1:" + postgres.port() + "/exchange accepted a write");
        assertThat(tags(describe(SOURCE))).containsEntry(RecoveryTags.FAILOVER_INCIDENT, INCIDENT);
    }

    @Test
    void failover_runTwiceForOneIncidentRequestsItOnce() {
        invoke(RdsFailoverHandler::new, Map.of("DATABASE_SECRET_ARN", secretArn), Map.of("incidentId", INCIDENT));

        JsonNode again = invoke(RdsFailoverHandler::new, Map.of("DATABASE_SECRET_ARN", secretArn), Map.of("incidentId", INCIDENT));

        assertThat(again.path("action").asText()).isEqualTo("resumed");
        assertThat(again.path("writeVerified").asBoolean()).isTrue();
    }

    @Test
    void failover_ofSingleAzInstanceIsRefusedThoughTheEmulatorWouldAcceptIt() {
        createInstance("exchange-db-single", false);

        assertThatThrownBy(() -> invoke(RdsFailoverHandler::new, Map.of("DATABASE_SECRET_ARN", secretArn),
                Map.of("incidentId", INCIDENT, "instanceId", "exchange-db-single")))
                .isInstanceOf(FailoverNotPermitted.class)
                .hasMessageContaining("not Multi-AZ");
        assertThat(tags(describe("exchange-db-single"))).doesNotContainKey(RecoveryTags.FAILOVER_INCIDENT);
    }

    // --- point-in-time restore: refusals --------------------------------------------------------------

    @Test
    void restore_refusesTargetOlderThanTheRestorableWindow() {
        assertThatThrownBy(() -> invoke(StartPointInTimeRestoreHandler::new, Map.of(),
                Map.of("incidentId", INCIDENT, "restoreTime", Instant.now().minus(Duration.ofDays(8)).toString())))
                .isInstanceOf(RestoreNotPermitted.class)
                .hasMessageContaining("before the earliest restorable time");
        assertThat(instanceIds()).as("nothing restored").noneMatch(id -> RecoveryNames.isRestoredCopyOf(id, SOURCE));
    }

    @Test
    void restore_refusesTargetAfterLatestRestorableTime() {
        // The emulator's latest restorable time is its "now"; our clock runs an hour ahead, so a target
        // half an hour after the emulator's now is not in the future for us, only after the latest time.
        PointInTimeRestore restore = new PointInTimeRestore(new RdsGateway(rds),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(1)), Duration.ofSeconds(1), SOURCE);

        assertThatThrownBy(() -> restore.start(new RestoreRequest(INCIDENT, null,
                Instant.now().plus(Duration.ofMinutes(30)), null, null, null)))
                .isInstanceOf(RestoreNotPermitted.class)
                .hasMessageContaining("after the latest restorable time");
        assertThat(instanceIds()).as("nothing restored").noneMatch(id -> RecoveryNames.isRestoredCopyOf(id, SOURCE));
    }

    @Test
    void restore_refusesTargetInTheFutureThoughTheEmulatorWouldAcceptIt() {
        assertThatThrownBy(() -> invoke(StartPointInTimeRestoreHandler::new, Map.of(),
                Map.of("incidentId", INCIDENT, "restoreTime", "2099-01-01T00:00:00Z")))
                .isInstanceOf(RestoreNotPermitted.class)
                .hasMessageContaining("in the future");
        assertThat(instanceIds()).as("nothing restored").noneMatch(id -> RecoveryNames.isRestoredCopyOf(id, SOURCE));
    }

    @Test
    void restore_refusesWhenBackupsAreDisabled() {
        rds.modifyDBInstance(b -> b.dbInstanceIdentifier(SOURCE).backupRetentionPeriod(0).applyImmediately(true));

        assertThatThrownBy(() -> invoke(StartPointInTimeRestoreHandler::new, Map.of(),
                Map.of("incidentId", INCIDENT, "useLatestRestorableTime", true)))
                .isInstanceOf(RestoreNotPermitted.class)
                .hasMessageContaining("automated backups disabled");
    }

    // --- point-in-time restore: the copy ----------------------------------------------------------------

    @Test
    void restore_createsANewInstanceCarryingEverySettingOfTheSource() {
        DBInstance source = describe(SOURCE);

        JsonNode started = startRestore(source.instanceCreateTime(), Instant.now());

        assertThat(started.path("instanceId").asText()).startsWith(SOURCE + "-pitr-inc-2026-0310-at-")
                .isEqualTo(RecoveryNames.restored(SOURCE, INCIDENT, source.instanceCreateTime()));
        DBInstance copy = describe(this.copy);
        assertThat(copy.dbSubnetGroup().dbSubnetGroupName()).as("subnet group").isEqualTo("exchange-db-subnets");
        assertThat(copy.vpcSecurityGroups()).extracting(VpcSecurityGroupMembership::vpcSecurityGroupId)
                .as("security groups").containsExactlyInAnyOrderElementsOf(securityGroups);
        assertThat(copy.dbParameterGroups()).extracting(DBParameterGroupStatus::dbParameterGroupName)
                .as("parameter group").containsExactly("exchange-pg13");
        assertThat(copy.optionGroupMemberships()).extracting(OptionGroupMembership::optionGroupName)
                .as("option group").containsExactly("exchange-options");
        assertThat(copy.multiAZ()).as("Multi-AZ").isTrue();
        assertThat(copy.storageEncrypted()).as("storage encryption").isTrue();
        assertThat(copy.kmsKeyId()).as("KMS key").isEqualTo(KMS_KEY);
        assertThat(copy.storageType()).as("storage type").isEqualTo("gp3");
        assertThat(copy.iops()).as("IOPS").isEqualTo(3000);
        assertThat(copy.dbInstanceClass()).as("instance class").isEqualTo("db.r6g.large");
        assertThat(copy.endpoint().port()).as("port").isEqualTo(5433);
        assertThat(copy.publiclyAccessible()).as("publicly accessible").isFalse();
        assertThat(copy.copyTagsToSnapshot()).as("copy tags to snapshot").isTrue();
        assertThat(copy.deletionProtection()).as("deletion protection").isTrue();
        assertThat(copy.iamDatabaseAuthenticationEnabled()).as("IAM authentication").isTrue();
        assertThat(copy.backupRetentionPeriod()).as("backup retention").isEqualTo(7);
        assertThat(tags(copy)).as("tags")
                .containsEntry("team", "core-ledger").containsEntry("cost-centre", "exchange")
                .containsEntry(RecoveryTags.INCIDENT, INCIDENT)
                .containsEntry(RecoveryTags.RESTORED_FROM, SOURCE)
                .containsEntry(RecoveryTags.RESTORE_TIME, source.instanceCreateTime().toString());
        assertThat(started.path("address").asText()).isEqualTo(copy.endpoint().address());
        assertThat(started.path("database").asText()).isEqualTo(copy.endpoint().address() + ":5433/exchange");
    }

    @Test
    void restore_recordsTheAchievedRpo() {
        Instant restoreTo = describe(SOURCE).instanceCreateTime();
        Instant corruption = Instant.now();

        JsonNode started = startRestore(restoreTo, corruption);

        double expected = Duration.between(restoreTo, corruption).toMillis() / 1000.0;
        assertThat(started.path("rpoSeconds").asDouble()).isEqualTo(expected);
        assertThat(started.path("restoredTo").asText()).isEqualTo(restoreTo.toString());
        assertThat(tags(describe(copy))).containsEntry(RecoveryTags.CORRUPTION_TIME, corruption.toString());
    }

    @Test
    void restore_runTwiceForOneIncidentReusesTheCopy() {
        Instant restoreTo = describe(SOURCE).instanceCreateTime();
        Instant corruption = Instant.now();
        JsonNode first = startRestore(restoreTo, corruption);
        String firstCopy = copy;

        JsonNode second = startRestore(restoreTo, corruption);

        assertThat(second.path("reused").asBoolean()).isTrue();
        assertThat(second.path("instanceId").asText()).isEqualTo(firstCopy);
        assertThat(second.path("restoredTo").asText()).isEqualTo(first.path("restoredTo").asText());
        assertThat(second.path("rpoSeconds").asDouble()).isEqualTo(first.path("rpoSeconds").asDouble());
        assertThat(instanceIds()).containsExactlyInAnyOrder(SOURCE, copy);
    }

    // --- wait and cut-over ----------------------------------------------------------------------------

    @Test
    void cutOver_putsTheCopyInProductionAndRetainsTheOriginalRenamed() {
        JsonNode started = startRestore(describe(SOURCE).instanceCreateTime(), Instant.now());
        JsonNode awaited = invoke(AwaitRdsInstanceHandler::new, Map.of(), Map.of("instanceId", copy));
        assertThat(awaited.path("status").asText()).isEqualTo("available");

        List<String> steps = cutOverToCompletion();

        assertThat(steps).containsExactly("align-settings", "retain-source", "promote-restored", "complete");
        assertThat(instanceIds()).containsExactlyInAnyOrder(SOURCE, RETAINED);
        DBInstance production = describe(SOURCE);
        assertThat(tags(production)).containsEntry(RecoveryTags.INCIDENT, INCIDENT).containsEntry(RecoveryTags.ROLE, "restored");
        assertThat(production.monitoringInterval()).as("monitoring carried at cut-over").isEqualTo(60);
        assertThat(production.monitoringRoleArn()).isEqualTo(MONITORING_ROLE);
        assertThat(production.endpoint().address()).startsWith(SOURCE + ".");
        DBInstance retained = describe(RETAINED);
        assertThat(retained.deletionProtection()).isTrue();
        assertThat(tags(retained)).containsEntry(RecoveryTags.RETAINED_FOR, "forensics")
                .containsEntry(RecoveryTags.ROLE, "retained").containsEntry("team", "core-ledger");
        JsonNode reported = invoke(StartPointInTimeRestoreHandler::new, Map.of(),
                Map.of("incidentId", INCIDENT, "useLatestRestorableTime", true));
        assertThat(reported.path("reused").asBoolean()).isTrue();
        assertThat(reported.path("instanceId").asText()).isEqualTo(SOURCE);
        assertThat(reported.path("rpoSeconds").asDouble()).isEqualTo(started.path("rpoSeconds").asDouble());
    }

    @Test
    void cutOver_rerunAfterAPartialCutOverCompletesIt() {
        startRestore(describe(SOURCE).instanceCreateTime(), Instant.now());
        invoke(CutOverRestoredInstanceHandler::new, Map.of(), Map.of("incidentId", INCIDENT, "restoredInstanceId", copy));
        invoke(CutOverRestoredInstanceHandler::new, Map.of(), Map.of("incidentId", INCIDENT, "restoredInstanceId", copy));
        assertThat(instanceIds()).as("interrupted after the original was renamed").containsExactlyInAnyOrder(RETAINED, copy);

        List<String> steps = cutOverToCompletion();

        assertThat(steps).containsExactly("promote-restored", "complete");
        assertThat(instanceIds()).containsExactlyInAnyOrder(SOURCE, RETAINED);
    }

    // --- the write probe against PostgreSQL -----------------------------------------------------------

    @Test
    void writeProbe_leavesNothingBehindInTheProbeTable() throws SQLException {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS recovery_heartbeat (probe_id text PRIMARY KEY, probed_at timestamptz)");
        }
        JdbcWriteProbe probe = new JdbcWriteProbe(SecretCredentials.readOnFirstUse(clients.secretsManager(), secretArn),
                Optional.of("recovery_heartbeat"), Duration.ofSeconds(5));

        WriteProbe.Result result = probe.probe(new DbEndpoint(SOURCE, "unused", 0, null));

        assertThat(result.writable()).isTrue();
        assertThat(count("SELECT count(*) FROM recovery_heartbeat")).isZero();
    }

    @Test
    void writeProbe_reportsAReadOnlyDatabaseAsNotWritable() throws SQLException {
        postgres.createDatabase("exchange_standby", null);
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.user(), "");
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE exchange_standby SET default_transaction_read_only = on");
        }
        String readOnly = clients.secretsManager().createSecret(b -> b.name("exchange/db/read-only")
                .secretString(Json.write(Map.of("username", postgres.user(), "password", "unused-with-trust", "host", "127.0.0.1",
                        "port", postgres.port(), "dbname", "exchange_standby")))).arn();

        WriteProbe.Result result = new JdbcWriteProbe(SecretCredentials.readOnFirstUse(clients.secretsManager(), readOnly), Optional.empty(),
                Duration.ofSeconds(5)).probe(new DbEndpoint(SOURCE, "unused", 0, null));

        assertThat(result.writable()).isFalse();
        assertThat(result.detail()).contains("SQLState 25006");
    }

    // --- helpers --------------------------------------------------------------------------------------

    private JsonNode startRestore(Instant restoreTime, Instant corruption) {
        JsonNode started = invoke(StartPointInTimeRestoreHandler::new, Map.of(), Map.of("incidentId", INCIDENT,
                "restoreTime", restoreTime.toString(), "corruptionTime", corruption.toString()));
        copy = started.path("instanceId").asText();
        return started;
    }

    private List<String> cutOverToCompletion() {
        List<String> steps = new ArrayList<>();
        JsonNode result = Json.MAPPER.createObjectNode();
        for (int attempt = 0; attempt < 10; attempt++) {
            result = invoke(CutOverRestoredInstanceHandler::new, Map.of(), Map.of("incidentId", INCIDENT, "restoredInstanceId", copy, "attempt", attempt));
            steps.add(result.path("step").asText());
            if ("complete".equals(result.path("status").asText())) {
                return steps;
            }
        }
        throw new AssertionError("cut-over did not complete in 10 steps: " + steps + ", last " + result);
    }

    /** Runs a handler as Lambda would: built with its function's environment, JSON in, JSON out. */
    private JsonNode invoke(Supplier<? extends RequestStreamHandler> constructor, Map<String, String> variables, Object input) {
        Map<String, String> environment = new HashMap<>(aws.awsVariables());
        environment.put("DATABASE_INSTANCE_ID", SOURCE);
        environment.putAll(variables);
        RequestStreamHandler handler = Env.with(Env.of(environment), constructor);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(Json.write(input).getBytes(StandardCharsets.UTF_8)), output,
                    LocalContext.of(handler.getClass().getSimpleName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.read(output.toString(StandardCharsets.UTF_8));
    }

    /** Forgets every resource, so that each test starts from an empty account. */
    private static void resetEmulator() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(aws.endpoint() + "/moto-api/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("emulator reset").isEqualTo(200);
    }

    private void createInstance(String id, boolean multiAz) {
        rds.createDBInstance(b -> b.dbInstanceIdentifier(id).dbInstanceClass("db.r6g.large")
                .engine("postgres").engineVersion("13.7").dbName("exchange")
                .masterUsername("exchange_admin").masterUserPassword("not-used-by-the-emulator").allocatedStorage(100)
                .multiAZ(multiAz)
                .dbSubnetGroupName("exchange-db-subnets").vpcSecurityGroupIds(securityGroups)
                .dbParameterGroupName("exchange-pg13").optionGroupName("exchange-options")
                .storageEncrypted(true).kmsKeyId(KMS_KEY).storageType("gp3").iops(3000).port(5433)
                .publiclyAccessible(false).copyTagsToSnapshot(true).deletionProtection(true)
                .enableIAMDatabaseAuthentication(true).backupRetentionPeriod(7)
                .tags(Tag.builder().key("team").value("core-ledger").build(),
                        Tag.builder().key("cost-centre").value("exchange").build()));
    }

    private static DBInstance describe(String id) {
        return rds.describeDBInstances(b -> b.dbInstanceIdentifier(id)).dbInstances().get(0);
    }

    private static Optional<DBInstance> find(String id) {
        try {
            return Optional.of(describe(id));
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static List<String> instanceIds() {
        return rds.describeDBInstances().dbInstances().stream().map(DBInstance::dbInstanceIdentifier).toList();
    }

    private static Map<String, String> tags(DBInstance instance) {
        return instance.tagList().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
