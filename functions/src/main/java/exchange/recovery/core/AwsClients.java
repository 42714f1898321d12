package exchange.recovery.core;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds every SDK client once per execution environment: region from {@code AWS_REGION}, one light
 * HTTP client, standard retries. The only difference between AWS and the local harness is
 * {@code AWS_ENDPOINT_URL}, which points every client at the emulator.
 */
public final class AwsClients {

    private final Region region;
    private final Optional<URI> endpoint;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient httpClient;
    private final ConcurrentMap<Class<?>, Object> clients = new ConcurrentHashMap<>();

    public AwsClients(Env env) {
        this.region = Region.of(env.require("AWS_REGION"));
        this.endpoint = env.find("AWS_ENDPOINT_URL").map(URI::create);
        this.credentials = credentialsFrom(env);
        this.httpClient = UrlConnectionHttpClient.builder().build();
    }

    /** Clients for the function being initialised. */
    public static AwsClients fromEnvironment() {
        return new AwsClients(Env.current());
    }

    public DynamoDbClient dynamoDb() {
        return client(DynamoDbClient.class, () -> configure(DynamoDbClient.builder()).build());
    }

    public SfnClient stepFunctions() {
        return client(SfnClient.class, () -> configure(SfnClient.builder()).build());
    }

    public CloudWatchClient cloudWatch() {
        return client(CloudWatchClient.class, () -> configure(CloudWatchClient.builder()).build());
    }

    public RdsClient rds() {
        return client(RdsClient.class, () -> configure(RdsClient.builder()).build());
    }

    public SnsClient sns() {
        return client(SnsClient.class, () -> configure(SnsClient.builder()).build());
    }

    public SsmClient ssm() {
        return client(SsmClient.class, () -> configure(SsmClient.builder()).build());
    }

    public SecretsManagerClient secretsManager() {
        return client(SecretsManagerClient.class, () -> configure(SecretsManagerClient.builder()).build());
    }

    public ElastiCacheClient elastiCache() {
        return client(ElastiCacheClient.class, () -> configure(ElastiCacheClient.builder()).build());
    }

    public S3Client s3() {
        return client(S3Client.class, () -> configure(S3Client.builder())
                .forcePathStyle(endpoint.isPresent())
                .build());
    }

    public EcsClient ecs() {
        return client(EcsClient.class, () -> configure(EcsClient.builder()).build());
    }

    public ElasticLoadBalancingV2Client loadBalancing() {
        return client(ElasticLoadBalancingV2Client.class, () -> configure(ElasticLoadBalancingV2Client.builder()).build());
    }

    public Region region() {
        return region;
    }

    /**
     * Applies this factory's region, endpoint, credentials and retry policy to any SDK builder, so
     * that code outside this class (the local runtime, tools) makes clients the same way.
     */
    public <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        builder.region(region).credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build());
        endpoint.ifPresent(builder::endpointOverride);
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(httpClient);
        }
        return builder;
    }

    @SuppressWarnings("unchecked")
    private <T> T client(Class<T> type, Supplier<T> build) {
        return (T) clients.computeIfAbsent(type, ignored -> build.get());
    }

    /**
     * Keys given in the function's environment (the local runtime, or a plain Lambda environment);
     * otherwise the default chain, which also serves SnapStart's container credentials.
     */
    private static AwsCredentialsProvider credentialsFrom(Env env) {
        Optional<String> keyId = env.find("AWS_ACCESS_KEY_ID");
        Optional<String> secret = env.find("AWS_SECRET_ACCESS_KEY");
        if (keyId.isEmpty() || secret.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return env.find("AWS_SESSION_TOKEN")
                .<AwsCredentialsProvider>map(token -> StaticCredentialsProvider.create(
                        AwsSessionCredentials.create(keyId.get(), secret.get(), token)))
                .orElseGet(() -> StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId.get(), secret.get())));
    }
}
