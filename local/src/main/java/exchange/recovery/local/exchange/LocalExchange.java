package exchange.recovery.local.exchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import exchange.recovery.core.AwsClients;
import exchange.recovery.local.LocalRuntimeException;
import exchange.recovery.local.emulator.CloudWatchAlarms;
import exchange.recovery.local.emulator.LocalAws;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The exchange that the recovery stack protects, as it would stand in an AWS account before anything
 * fails: a VPC over three Availability Zones, the trading API's load balancer with one instance per zone,
 * the ECS services of the matching engine, market data and wallet, the Multi-AZ RDS primary, the Redis
 * replication group, the versioned buckets of regulatory logs, statements and backups, and the exchange's
 * alarms in the OK state. Scenarios damage these; the stack's
 * parameters point at them.
 */
public final class LocalExchange {

    public static final String CLUSTER = "exchange";
    public static final String DATABASE_INSTANCE = "exchange-db";
    public static final String CACHE_GROUP = "exchange-cache";
    public static final String TRADING_API = "trading-api";
    public static final String REGULATORY_LOGS_BUCKET = "exchange-regulatory-logs";
    public static final String STATEMENTS_BUCKET = "exchange-statements";
    public static final String BACKUPS_BUCKET = "exchange-backups";
    /** The exchange's versioned buckets (seed §4.6), which the object restore may restore. */
    public static final List<String> VERSIONED_BUCKETS = List.of(REGULATORY_LOGS_BUCKET, STATEMENTS_BUCKET, BACKUPS_BUCKET);
    public static final List<String> SERVICES = List.of("trading-api", "matching-engine", "market-data", "wallet");
    /** Zone ids as alarms name them, with the zone names the emulator knows. */
    public static final Map<String, String> ZONES = Map.of("use1-az1", "us-east-1a", "use1-az2", "us-east-1b",
            "use1-az3", "us-east-1c");

    private final AwsClients aws;
    private final CloudWatchAlarms alarms;
    private final String vpcId;
    private final Map<String, String> subnets;
    private final String loadBalancerArn;
    private final String tradingApiTargetGroupArn;
    private final Map<String, String> tradingApiInstances;
    private final String databaseEndpoint;

    private LocalExchange(AwsClients aws, CloudWatchAlarms alarms, String vpcId, Map<String, String> subnets,
                          String loadBalancerArn, String tradingApiTargetGroupArn, Map<String, String> tradingApiInstances,
                          String databaseEndpoint) {
        this.aws = aws;
        this.alarms = alarms;
        this.vpcId = vpcId;
        this.subnets = subnets;
        this.loadBalancerArn = loadBalancerArn;
        this.tradingApiTargetGroupArn = tradingApiTargetGroupArn;
        this.tradingApiInstances = tradingApiInstances;
        this.databaseEndpoint = databaseEndpoint;
    }

    /** Creates the exchange's resources in the emulator, with {@code exchangeAlarms} in the OK state. */
    public static LocalExchange provision(LocalAws local, List<ExchangeAlarm> exchangeAlarms) {
        return provision(local, exchangeAlarms, 5432);
    }

    /**
     * @param databasePort the port of the RDS instance: the local PostgreSQL's, so that the instance's
     *                     endpoint (resolved by {@link exchange.recovery.local.emulator.LocalDns}) reaches it
     */
    public static LocalExchange provision(LocalAws local, List<ExchangeAlarm> exchangeAlarms, int databasePort) {
        AwsClients aws = local.clients();
        try (Ec2Client ec2 = aws.configure(Ec2Client.builder()).build()) {
            String vpc = ec2.createVpc(b -> b.cidrBlock("10.40.0.0/16")).vpc().vpcId();
            Map<String, String> subnets = new LinkedHashMap<>();
            int third = 1;
            for (String zoneId : ZONES.keySet().stream().sorted().toList()) {
                String cidr = "10.40." + third++ + ".0/24";
                subnets.put(zoneId, ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock(cidr)
                        .availabilityZone(ZONES.get(zoneId))).subnet().subnetId());
            }
            // a filtered look-up: the emulator lists over a thousand public images otherwise (seconds of XML)
            String image = ec2.describeImages(b -> b.owners("amazon").filters(f -> f.name("name").values("amzn2-ami-hvm-*")))
                    .images().stream().findFirst().orElseGet(() -> ec2.describeImages().images().get(0)).imageId();
            Map<String, String> instances = new LinkedHashMap<>();
            for (Map.Entry<String, String> subnet : subnets.entrySet()) {
                Instance instance = ec2.runInstances(b -> b.imageId(image).minCount(1).maxCount(1)
                        .instanceType("m7g.large").subnetId(subnet.getValue())).instances().get(0);
                instances.put(subnet.getKey(), instance.instanceId());
            }

            var elb = aws.loadBalancing();
            String loadBalancer = elb.createLoadBalancer(b -> b.name("exchange-api").subnets(subnets.values()))
                    .loadBalancers().get(0).loadBalancerArn();
            String targetGroup = elb.createTargetGroup(b -> b.name(TRADING_API).protocol("HTTP").port(8080).vpcId(vpc)
                    .targetType("instance").healthCheckPath("/health")).targetGroups().get(0).targetGroupArn();
            elb.createListener(b -> b.loadBalancerArn(loadBalancer).protocol("HTTP").port(80)
                    .defaultActions(a -> a.type("forward").targetGroupArn(targetGroup)));
            elb.registerTargets(b -> b.targetGroupArn(targetGroup)
                    .targets(instances.values().stream().map(id -> TargetDescription.builder().id(id).port(8080).build()).toList()));

            var ecs = aws.ecs();
            ecs.createCluster(b -> b.clusterName(CLUSTER));
            for (String service : SERVICES) {
                ecs.registerTaskDefinition(b -> b.family(service).containerDefinitions(c -> c.name(service)
                        .image("exchange/" + service + ":stable").memory(2048)));
                int desired = "matching-engine".equals(service) || "wallet".equals(service) ? 2 : 3;
                ecs.createService(b -> b.cluster(CLUSTER).serviceName(service).taskDefinition(service).desiredCount(desired));
            }

            var rds = aws.rds();
            rds.createDBSubnetGroup(b -> b.dbSubnetGroupName(DATABASE_INSTANCE).dbSubnetGroupDescription("exchange database")
                    .subnetIds(subnets.values()));
            var database = rds.createDBInstance(b -> b.dbInstanceIdentifier(DATABASE_INSTANCE).engine("postgres")
                    .dbInstanceClass("db.r6g.xlarge").multiAZ(true).allocatedStorage(200).storageEncrypted(true)
                    .masterUsername("exchange").masterUserPassword("local-drill-only").backupRetentionPeriod(7)
                    .dbSubnetGroupName(DATABASE_INSTANCE).dbName("exchange").port(databasePort)).dbInstance();
            String endpoint = database.endpoint() == null ? DATABASE_INSTANCE : database.endpoint().address();

            aws.elastiCache().createReplicationGroup(b -> b.replicationGroupId(CACHE_GROUP)
                    .replicationGroupDescription("exchange caches").engine("redis").cacheNodeType("cache.r6g.large")
                    .numCacheClusters(2).automaticFailoverEnabled(true).multiAZEnabled(true));

            for (String bucket : VERSIONED_BUCKETS) {
                aws.s3().createBucket(b -> b.bucket(bucket));
                aws.s3().putBucketVersioning(b -> b.bucket(bucket)
                        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            }

            CloudWatchAlarms alarms = new CloudWatchAlarms(local.endpoint());
            for (ExchangeAlarm alarm : exchangeAlarms) {
                alarms.putMetricAlarm(alarm.name(), alarm.namespace(), alarm.metric(), alarm.comparison(),
                        alarm.threshold(), alarm.description());
                alarms.setAlarmState(alarm.name(), "OK", "Within threshold");
            }
            return new LocalExchange(aws, alarms, vpc, Map.copyOf(subnets), loadBalancer, targetGroup, Map.copyOf(instances),
                    endpoint);
        } catch (RuntimeException e) {
            throw new LocalRuntimeException("Cannot create the exchange's resources in the emulator: " + e.getMessage(), e);
        }
    }

    /**
     * Values for template parameters that name the exchange's resources, by parameter name. The drill
     * passes only those the template declares.
     */
    public Map<String, String> parameterValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ExchangeDatabaseInstanceId", DATABASE_INSTANCE);
        values.put("DatabaseInstanceId", DATABASE_INSTANCE);
        values.put("DatabaseInstanceIdentifier", DATABASE_INSTANCE);
        values.put("DbInstanceIdentifier", DATABASE_INSTANCE);
        values.put("DatabaseEndpoint", databaseEndpoint);
        values.put("CacheReplicationGroupId", CACHE_GROUP);
        values.put("ReplicationGroupId", CACHE_GROUP);
        values.put("EcsClusterName", CLUSTER);
        values.put("ClusterName", CLUSTER);
        values.put("TradingApiServiceName", TRADING_API);
        values.put("TradingApiTargetGroupArn", tradingApiTargetGroupArn);
        values.put("MatchingEngineServiceName", "matching-engine");
        values.put("MarketDataServiceName", "market-data");
        values.put("WalletServiceName", "wallet");
        values.put("VpcId", vpcId);
        values.put("SubnetIds", String.join(",", subnets.values()));
        values.put("ObjectRestoreBuckets", String.join(",", VERSIONED_BUCKETS));
        return values;
    }

    /** The RDS instance's endpoint address, as the emulator reports it. */
    public String databaseEndpoint() {
        return databaseEndpoint;
    }

    public String tradingApiTargetGroupArn() {
        return tradingApiTargetGroupArn;
    }

    public String loadBalancerArn() {
        return loadBalancerArn;
    }

    /** The trading API instance in a zone ({@code use1-az1}...). */
    public String tradingApiInstance(String zoneId) {
        String id = tradingApiInstances.get(zoneId);
        if (id == null) {
            throw new LocalRuntimeException("No trading API instance in zone " + zoneId + "; zones: " + tradingApiInstances.keySet());
        }
        return id;
    }

    /** Stops an EC2 instance: the load balancer stops routing to it. */
    public void stopInstance(String instanceId) {
        try (Ec2Client ec2 = aws.configure(Ec2Client.builder()).build()) {
            ec2.stopInstances(b -> b.instanceIds(instanceId));
        }
    }

    /** Target id to health state, as the load balancer reports it. */
    public Map<String, String> tradingApiTargetHealth() {
        Map<String, String> health = new LinkedHashMap<>();
        for (TargetHealthDescription target : aws.loadBalancing()
                .describeTargetHealth(b -> b.targetGroupArn(tradingApiTargetGroupArn)).targetHealthDescriptions()) {
            health.put(target.target().id(), target.targetHealth().stateAsString());
        }
        return health;
    }

    public CloudWatchAlarms alarms() {
        return alarms;
    }
}
