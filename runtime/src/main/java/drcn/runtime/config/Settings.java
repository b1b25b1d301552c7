package drcn.runtime.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

/**
 * The settings of tornado.properties, after -D overrides (CLI flags override by setting the same
 * keys). One place for every tunable: the defaults below are what an absent file means.
 *
 * <p>Where the file is found, first match wins: {@code -Ddrcn.config=FILE}; else {@code tornado.properties}
 * in the working folder; else the installed one in {@code -Ddrcn.home} (the project folder, which bin/drcn
 * passes); else built-in defaults. Parent folders are not searched: a file in some folder above the working
 * one would silently override the installed settings. {@code drcn devices} prints the file in force.
 * A bad key or value is one sentence naming the file and line it came from (or the -D option / flag).
 */
public final class Settings {
    public static final String BACKEND = "drcn.backend";
    public static final String DEVICE = "drcn.device";
    public static final String WORK_GROUP_1D = "drcn.workGroup.1d";
    public static final String WORK_GROUP_2D = "drcn.workGroup.2d";
    public static final String WORK_GROUP_3D = "drcn.workGroup.3d";
    public static final String FAST_MATH = "drcn.fastMath";
    public static final String PROFILE = "drcn.profile";
    public static final String DUMP_KERNELS = "drcn.dumpKernels";
    public static final String CACHE_DIR = "drcn.cacheDir";
    /** Which convolution kernels run (model.Convolutions): auto, direct, winograd or tiled. */
    public static final String CONVOLUTION = "drcn.convolution";
    /**
     * How a @Reduce loop over many work-groups shares its iterations (backend.ParallelLaunch#contiguousSlices): auto,
     * contiguous or strided.
     */
    public static final String REDUCTION = "drcn.reduction";
    /** Run the model's task graphs with withCUDAGraph(): launches recorded once, then replayed (see model.Drcn). */
    public static final String REPLAY = "drcn.replay";
    /** Print the stack trace of an internal error (the CLI's message recommends -Ddrcn.debug=true). */
    public static final String DEBUG = "drcn.debug";
    /** Not a settings key: names the file itself. */
    public static final String CONFIG = "drcn.config";
    /** Not a settings key: the project folder, which bin/drcn passes (where the installed file is). */
    public static final String HOME = "drcn.home";
    /**
     * Not a settings key: the seed of the tests' random inputs; a failing test prints its replay
     * ({@code -Ddrcn.seed=N}), and Maven hands that to the test JVM as a system property.
     */
    public static final String SEED = "drcn.seed";
    /** The -D options under {@code drcn.} that are not settings. */
    private static final Set<String> NOT_SETTINGS = Set.of(CONFIG, HOME, SEED);

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put(BACKEND, "auto");
        DEFAULTS.put(DEVICE, "0");
        DEFAULTS.put(WORK_GROUP_1D, "256");
        DEFAULTS.put(WORK_GROUP_2D, "16,16");
        DEFAULTS.put(WORK_GROUP_3D, "8,8,4");
        DEFAULTS.put(FAST_MATH, "false");
        DEFAULTS.put(PROFILE, "false");
        DEFAULTS.put(DUMP_KERNELS, "");
        DEFAULTS.put(CACHE_DIR, "");
        DEFAULTS.put(CONVOLUTION, "auto");
        DEFAULTS.put(REDUCTION, "auto");
        DEFAULTS.put(REPLAY, "true");
        DEFAULTS.put(DEBUG, "false");
    }

    private static volatile Settings current;

    private final Map<String, String> values;
    private final Map<String, String> tornado;
    private final Path source;
    /** Where each value that is not a default came from: "FILE line N", or the -D option / CLI flag. */
    private final Map<String, String> origins;

    private Settings(Map<String, String> values, Map<String, String> tornado, Path source, Map<String, String> origins) {
        this.values = Map.copyOf(values);
        this.tornado = Map.copyOf(tornado);
        this.source = source;
        this.origins = Map.copyOf(origins);
    }

    /** The settings of this process (file, then system properties), read once. */
    public static Settings current() {
        Settings s = current;
        if (s == null) {
            synchronized (Settings.class) {
                if (current == null) current = load(System.getProperties());
                s = current;
            }
        }
        return s;
    }

    /** Re-reads the settings (after a CLI flag set a system property). */
    public static synchronized void reload() {
        current = load(System.getProperties());
    }

    static Settings load(Properties system) {
        Path file = locate(system.getProperty(CONFIG));
        var values = new LinkedHashMap<>(DEFAULTS);
        var tornado = new LinkedHashMap<String, String>();
        var origins = new LinkedHashMap<String, String>();
        if (file != null) {
            var fromFile = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                fromFile.load(in);
            } catch (IllegalArgumentException e) {
                // Properties.load's only complaint: a backslash-u not followed by four hex digits.
                throw new SettingsException("settings file " + file + " has a malformed \\uXXXX escape"
                        + malformedEscapeLine(file) + " (a backslash-u must be followed by four hex digits)");
            } catch (IOException e) {
                throw new SettingsException("cannot read settings file " + file + ": " + e.getMessage());
            }
            for (String key : fromFile.stringPropertyNames()) {
                if (!key.startsWith("drcn.")) { // TornadoVM's keys (s0.t0.device, tornado.device.memory, ...): read by the task-graph engine
                    tornado.put(key, fromFile.getProperty(key).trim());
                    continue;
                }
                String where = file + keyLine(file, key);
                checkKnown(key, where);
                values.put(key, fromFile.getProperty(key).trim());
                origins.put(key, where);
            }
        }
        for (String key : system.stringPropertyNames()) {
            if (!key.startsWith("drcn.") || NOT_SETTINGS.contains(key)) continue;
            checkKnown(key, FROM_COMMAND_LINE);
            values.put(key, system.getProperty(key).trim());
            origins.put(key, FROM_COMMAND_LINE);
        }
        var settings = new Settings(values, tornado, file, origins);
        settings.validate();
        return settings;
    }

    private static final String FROM_COMMAND_LINE = "a -D option or a command-line flag such as --set";

    /**
     * " line N" for the last line that sets {@code key} (Properties keeps the last), or "" if none is found.
     * A key ends at the first unescaped '=', ':' or blank; a line ending in an odd number of backslashes
     * continues on the next one.
     */
    static String keyLine(Path file, String key) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
        int found = -1;
        boolean continued = false;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            boolean starts = !continued;
            int trailing = 0;
            for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) trailing++;
            continued = trailing % 2 == 1;
            String start = line.stripLeading();
            if (!starts || start.isEmpty() || start.startsWith("#") || start.startsWith("!")) {
                if (start.startsWith("#") || start.startsWith("!")) continued = false; // comments do not continue
                continue;
            }
            var k = new StringBuilder();
            for (int i = 0; i < start.length(); i++) {
                char c = start.charAt(i);
                if (c == '\\' && i + 1 < start.length()) { k.append(start.charAt(++i)); continue; }
                if (c == '=' || c == ':' || Character.isWhitespace(c)) break;
                k.append(c);
            }
            if (k.toString().equals(key)) found = n;
        }
        return found < 0 ? "" : " line " + (found + 1);
    }

    /** " on line N" for the first backslash-u without four hex digits after it, or "" if none is found. */
    static String malformedEscapeLine(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            String start = line.stripLeading();
            if (start.startsWith("#") || start.startsWith("!")) continue; // comments are not unescaped
            for (int i = 0; i < line.length() - 1; i++) {
                if (line.charAt(i) != '\\') continue;
                if (line.charAt(i + 1) == 'u') {
                    int end = i + 2;
                    while (end < line.length() && end < i + 6 && Character.digit(line.charAt(end), 16) >= 0) end++;
                    if (end - i - 2 < 4) return " on line " + (n + 1);
                }
                i++; // the escaped character
            }
        }
        return "";
    }

    private static void checkKnown(String key, String where) {
        if (!DEFAULTS.containsKey(key)) {
            throw new SettingsException("unknown setting '" + key + "' in " + where + "; known settings: "
                    + String.join(", ", DEFAULTS.keySet()));
        }
    }

    private static Path locate(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (!Files.isRegularFile(p)) throw new SettingsException("settings file " + p + " (-D" + CONFIG + ") does not exist");
            return p;
        }
        Path here = Path.of("tornado.properties").toAbsolutePath();
        if (Files.isRegularFile(here)) return here;
        String home = System.getProperty(HOME);
        if (home != null && Files.isRegularFile(Path.of(home, "tornado.properties"))) {
            return Path.of(home, "tornado.properties");
        }
        return null;
    }

    /** A bad value, said with where it came from. */
    private SettingsException bad(String key, String what) {
        String origin = origins.get(key);
        return new SettingsException(key + " " + what + (origin == null ? "" : " (in " + origin + ")"));
    }

    private void validate() {
        String backend = backend();
        if (!List.of("auto", "jvm", "opencl", "cuda").contains(backend)) {
            throw bad(BACKEND, "must be auto, jvm, opencl or cuda, not '" + backend + "'");
        }
        deviceIndex();
        for (int d = 1; d <= 3; d++) defaultWorkGroup(d);
        bool(FAST_MATH);
        bool(PROFILE);
        bool(REPLAY);
        bool(DEBUG);
        if (!List.of("auto", "direct", "winograd", "tiled").contains(convolution())) {
            throw bad(CONVOLUTION, "must be auto, direct, winograd or tiled, not '" + convolution() + "'");
        }
        if (!List.of("auto", "contiguous", "strided").contains(reduction())) {
            throw bad(REDUCTION, "must be auto, contiguous or strided, not '" + reduction() + "'");
        }
        checkDumpFolder();
    }

    /**
     * The kernel dump folder must be a folder: made here when missing, so that a path that cannot be one
     * (a file, /proc/x) is refused before any work instead of failing at the first kernel build.
     */
    private void checkDumpFolder() {
        String v = values.get(DUMP_KERNELS);
        if (v.isEmpty()) return;
        Path dir;
        try {
            dir = Path.of(v);
        } catch (java.nio.file.InvalidPathException e) {
            throw bad(DUMP_KERNELS, "'" + v + "' is not a usable folder name");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw bad(DUMP_KERNELS, "names " + dir + ", which is a file, not a folder");
        try {
            Files.createDirectories(dir);
        } catch (java.nio.file.FileSystemException e) {
            // NoSuchFileException: a folder on the way is missing and cannot be made (/proc/x), or the path is a dangling link
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e.getReason() != null ? e.getReason() : "the folder it would go in cannot hold it";
            throw bad(DUMP_KERNELS, "folder " + dir + " cannot be created: " + why);
        } catch (IOException | UnsupportedOperationException e) {
            throw bad(DUMP_KERNELS, "folder " + dir + " cannot be created: " + e.getMessage());
        }
        if (!Files.isWritable(dir)) throw bad(DUMP_KERNELS, "folder " + dir + " is not writable");
    }

    /** auto (the device's best: Winograd on CPUs, tiled on GPUs), direct, winograd or tiled: see model.Convolutions. */
    public String convolution() { return values.get(CONVOLUTION); }

    /** auto (contiguous slices on CPU devices, strided on GPUs), contiguous or strided: see backend.ParallelLaunch#contiguousSlices. */
    public String reduction() { return values.get(REDUCTION); }

    public String backend() { return values.get(BACKEND); }

    public int deviceIndex() {
        String v = values.get(DEVICE);
        try {
            int index = Integer.parseInt(v);
            if (index < 0) throw new NumberFormatException();
            return index;
        } catch (NumberFormatException e) {
            throw bad(DEVICE, "must be a device index (0, 1, ...), not '" + v + "'");
        }
    }

    /** The default local size for a range of {@code dimensions} dimensions. */
    public int[] defaultWorkGroup(int dimensions) {
        String key = switch (dimensions) {
            case 1 -> WORK_GROUP_1D;
            case 2 -> WORK_GROUP_2D;
            case 3 -> WORK_GROUP_3D;
            default -> throw new IllegalArgumentException("dimensions " + dimensions);
        };
        String[] parts = values.get(key).split(",");
        if (parts.length != dimensions) {
            throw bad(key, "must list " + dimensions + " sizes separated by commas, not '" + values.get(key) + "'");
        }
        int[] sizes = new int[dimensions];
        for (int i = 0; i < dimensions; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].trim());
                if (sizes[i] < 1) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw bad(key, "must hold positive integers, not '" + values.get(key) + "'");
            }
        }
        return sizes;
    }

    public boolean fastMath() { return bool(FAST_MATH); }

    public boolean profile() { return bool(PROFILE); }

    /** Whether the model's task graphs run with withCUDAGraph() (launches recorded once, then replayed). */
    public boolean replay() { return bool(REPLAY); }

    /** Whether an internal error prints its stack trace. */
    public boolean debug() { return bool(DEBUG); }

    /** The folder to write generated kernel sources into, or null. */
    public Path dumpKernels() {
        String v = values.get(DUMP_KERNELS);
        return v.isEmpty() ? null : Path.of(v);
    }

    /** The folder for built device programs. */
    public Path cacheDir() {
        String v = values.get(CACHE_DIR);
        return v.isEmpty() ? Path.of(System.getProperty("user.home"), ".cache", "drcn") : Path.of(v);
    }

    /** The file the settings came from, or null for built-in defaults; {@code drcn devices} prints it. */
    public Path source() { return source; }

    public Map<String, String> asMap() { return values; }

    /** The settings file's keys outside {@code drcn.*}: TornadoVM's (e.g. {@code s0.t0.device=0:1}, {@code tornado.device.memory}). */
    public Map<String, String> tornadoSettings() { return tornado; }

    private boolean bool(String key) {
        String v = values.get(key);
        if (v.equals("true")) return true;
        if (v.equals("false")) return false;
        throw bad(key, "must be true or false, not '" + v + "'");
    }

    /** A bad settings file or -D value: the message names the key. */
    public static final class SettingsException extends drcn.runtime.UserException {
        public SettingsException(String message) { super(message); }
    }
}
