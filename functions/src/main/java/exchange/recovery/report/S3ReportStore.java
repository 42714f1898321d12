package exchange.recovery.report;

import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Reports in an S3 bucket; the bucket's default encryption applies. */
public class S3ReportStore implements ReportStore {

    private final S3Client s3;
    private final String bucket;

    public S3ReportStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public void put(String key, String body, String contentType) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromString(body));
        } catch (SdkException e) {
            throw new TransientFailure("Could not write s3://" + bucket + "/" + key, e);
        }
    }

    @Override
    public String location() {
        return bucket;
    }
}
