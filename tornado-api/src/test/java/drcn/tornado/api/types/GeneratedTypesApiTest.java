package drcn.tornado.api.types;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The classes that tornado-api/gen's generators write at build time (vectors, collections, matrices, images of vector
 * pixels, arrays of Java primitives) carry TornadoVM's public constructors and methods as TornadoVM declares them, so that a TornadoVM program
 * ports by changing its import prefix: every signature listed in tornadovm-generated-api.txt (taken from TornadoVM's
 * sources) must be public here with the same parameter types, return type and static-ness. An edit to a template that
 * drops, renames or retypes one of them fails here.
 */
class GeneratedTypesApiTest {

    /** {@code vectors.Float4 static Float4 add(Float4,Float4)}, {@code vectors.Float4 new(float,float,float,float)}. */
    private record Signature(String owner, boolean isStatic, String returns, String name, List<String> parameters) {
        static Signature parse(String line) {
            String[] words = line.split(" ");
            String owner = words[0];
            boolean isStatic = words[1].equals("static");
            String returns = words.length == 2 ? null : words[words.length - 2];
            String call = words[words.length - 1];
            String name = call.substring(0, call.indexOf('('));
            String inside = call.substring(call.indexOf('(') + 1, call.length() - 1);
            return new Signature(owner, isStatic, returns, name, inside.isEmpty() ? List.of() : List.of(inside.split(",")));
        }

        boolean matches(Executable e) {
            List<String> types = Arrays.stream(e.getParameterTypes()).map(Class::getSimpleName).toList();
            if (!Modifier.isPublic(e.getModifiers()) || !types.equals(parameters)) return false;
            if (!(e instanceof Method m)) return name.equals("new");
            return m.getName().equals(name) && Modifier.isStatic(m.getModifiers()) == isStatic
                    && m.getReturnType().getSimpleName().equals(returns);
        }
    }

    private static List<String> listed() throws IOException {
        try (InputStream in = GeneratedTypesApiTest.class.getResourceAsStream("tornadovm-generated-api.txt")) {
            assertNotNull(in, "tornadovm-generated-api.txt is missing from the test resources");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }

    @Test
    void generatedClassesCarryTornadoVmsSignatures() throws Exception {
        List<String> lines = listed();
        assertTrue(lines.size() > 1000, "the list holds only " + lines.size() + " signatures");
        var missing = new ArrayList<String>();
        for (String line : lines) {
            Signature s = Signature.parse(line);
            Class<?> owner = Class.forName("drcn.tornado.api.types." + s.owner());
            Executable[] candidates = s.name().equals("new") ? owner.getConstructors() : owner.getMethods();
            if (Arrays.stream(candidates).noneMatch(s::matches)) missing.add(line);
        }
        assertTrue(missing.isEmpty(), missing.size() + " of TornadoVM's signatures are missing:\n" + String.join("\n", missing));
    }

    @Test
    void everyGeneratedClassIsListed() throws Exception {
        var owners = listed().stream().map(l -> l.substring(0, l.indexOf(' '))).collect(Collectors.toSet());
        // One class of each generated kind and element type, so that a class the generators stop writing is noticed.
        for (String owner : List.of("vectors.Float2", "vectors.Double16", "vectors.Int8", "vectors.Half16", "vectors.Byte4",
                "vectors.Short3", "collections.VectorFloat", "collections.VectorInt16", "collections.VectorHalf",
                "matrix.Matrix2DDouble", "matrix.Matrix3DShort", "images.ImageFloat8", "images.ImageByte3", "arrays.FloatArray",
                "arrays.CharArray", "arrays.ByteArray", "utils.FloatOps", "utils.DoubleOps", "utils.IntOps", "images.ImageFloat",
                "matrix.Matrix4x4Float", "volumes.VolumeShort2")) {
            assertTrue(owners.contains(owner), owner + " is not in tornadovm-generated-api.txt");
        }
    }
}
