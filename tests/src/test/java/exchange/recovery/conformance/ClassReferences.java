package exchange.recovery.conformance;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of our classes a compiled class can reach, read from the class files' constant pools (class
 * references, field and method descriptors, lambda bodies included, as they live in the same class file).
 * Reachability is by class, transitively, within {@code exchange.recovery}: what a handler's code can throw
 * is among the exception classes it reaches.
 */
final class ClassReferences {

    private static final String ROOT = "exchange/recovery/";
    private static final Pattern CLASS_NAME = Pattern.compile("exchange/recovery/[A-Za-z0-9_$/]+");

    private final ClassLoader loader;

    ClassReferences(ClassLoader loader) {
        this.loader = loader;
    }

    /** Every class of ours {@code start} reaches, itself included, by binary name ({@code a.b.C$D}). */
    Set<String> reachableFrom(String start) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(start.replace('.', '/'));
        while (!queue.isEmpty()) {
            String internal = queue.poll();
            if (!seen.add(internal)) {
                continue;
            }
            for (String referenced : referencedBy(internal)) {
                if (!seen.contains(referenced)) {
                    queue.add(referenced);
                }
            }
        }
        Set<String> names = new TreeSet<>();
        seen.forEach(internal -> names.add(internal.replace('/', '.')));
        return names;
    }

    /** The classes of ours one class file names; none when it is not on the class path (a package name, say). */
    private Set<String> referencedBy(String internalName) {
        Set<String> referenced = new LinkedHashSet<>();
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                return referenced;
            }
            for (String text : utf8Constants(new DataInputStream(in))) {
                Matcher matcher = CLASS_NAME.matcher(text);
                while (matcher.find()) {
                    String name = matcher.group();
                    if (name.startsWith(ROOT) && loader.getResource(name + ".class") != null) {
                        referenced.add(name);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read class " + internalName, e);
        }
        return referenced;
    }

    /** The CONSTANT_Utf8 entries of a class file (JVMS 4.4): class names and descriptors are among them. */
    private static Set<String> utf8Constants(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Set<String> texts = new LinkedHashSet<>();
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> texts.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    index++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return texts;
    }
}
