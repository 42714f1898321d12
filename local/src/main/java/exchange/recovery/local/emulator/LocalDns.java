package exchange.recovery.local.emulator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import exchange.recovery.local.LocalRuntimeException;

/**
 * Names of emulated AWS endpoints (an RDS instance's {@code <id>.aaaaaaaaaa.us-east-1.rds.amazonaws.com})
 * resolved to the loopback addresses of the local servers that stand in for them, in this JVM only. Every
 * other name goes to the platform's resolver. Installed as the JVM's {@link InetAddressResolverProvider}
 * (see META-INF/services), which only the local runtime has on its classpath, never the Lambda artifact.
 */
public final class LocalDns extends InetAddressResolverProvider {

    private static final Map<String, InetAddress> NAMES = new ConcurrentHashMap<>();

    /** Resolves {@code name} to {@code address} (a literal IP) from now on. */
    public static void register(String name, String address) {
        try {
            NAMES.put(name.toLowerCase(Locale.ROOT), InetAddress.getByAddress(name, InetAddress.getByName(address).getAddress()));
        } catch (UnknownHostException e) {
            throw new LocalRuntimeException("Not an IP address: " + address, e);
        }
    }

    public static void unregister(String name) {
        NAMES.remove(name.toLowerCase(Locale.ROOT));
    }

    public static Optional<InetAddress> lookup(String name) {
        return Optional.ofNullable(NAMES.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver platform = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                InetAddress local = NAMES.get(host.toLowerCase(Locale.ROOT));
                return local != null ? Stream.of(local) : platform.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return platform.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "exchange-recovery-local";
    }
}
