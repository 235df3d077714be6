package dev.cinnabar.atomstore;

/** Turns a JVM started without the flag Agrona needs into one clear error, instead of a bare IllegalAccessError. */
final class AgronaAccess {

    /** The JVM flag Agrona 2.x needs; the build passes it from one parent-pom property. */
    static final String REQUIRED_FLAG = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    private static volatile boolean checked;

    private AgronaAccess() {
    }

    static void check() {
        if (checked) {
            return;
        }
        try {
            org.agrona.UnsafeApi.arrayBaseOffset(byte[].class);
            checked = true;
        } catch (IllegalAccessError | NoClassDefFoundError | ExceptionInInitializerError e) {
            throw new IllegalStateException("Cinnabar cannot access memory: start the JVM with " + REQUIRED_FLAG
                + " (Agrona needs jdk.internal.misc.Unsafe; executable jars carry it as the Add-Exports manifest"
                + " attribute). Cause: " + e, e);
        }
    }
}
