package drcn.runtime.export;

import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * The few ONNX protobuf messages an exported DRCN needs, written field by field with protobuf-java's
 * {@link CodedOutputStream}: no artifact on Maven Central ships generated ONNX classes, and these nine
 * messages are small enough to spell out. Field numbers are those of {@code onnx/onnx.proto3}
 * (ONNX IR version 8, the one that goes with opset 17); only the fields written here are listed.
 *
 * <pre>
 *   ModelProto          ir_version 1, producer_name 2, producer_version 3, domain 4, model_version 5,
 *                       doc_string 6, graph 7, opset_import 8, metadata_props 14
 *   OperatorSetIdProto  domain 1, version 2
 *   StringStringEntry   key 1, value 2
 *   GraphProto          node 1, name 2, initializer 5, doc_string 10, input 11, output 12
 *   NodeProto           input 1, output 2, name 3, op_type 4, attribute 5
 *   AttributeProto      name 1, f 2, i 3, ints 8, type 20 (FLOAT 1, INT 2, INTS 7)
 *   TensorProto         dims 1, data_type 2 (FLOAT 1, INT64 7), name 8, raw_data 9 (little-endian)
 *   ValueInfoProto      name 1, type 2
 *   TypeProto           tensor_type 1 -> Tensor: elem_type 1, shape 2
 *   TensorShapeProto    dim 1 -> Dimension: dim_value 1 | dim_param 2
 * </pre>
 * Each message is a small builder whose {@link Message#toByteArray} gives its encoding; a nested message
 * is written as a length-delimited field holding those bytes, as protobuf encodes it.
 */
public final class OnnxProto {
    private OnnxProto() {}

    /** ONNX IR version 8: the IR of ONNX 1.12, whose default opset is 17. */
    public static final long IR_VERSION = 8;
    /** TensorProto.DataType values. */
    public static final int FLOAT = 1, INT64 = 7;
    /** AttributeProto.AttributeType values. */
    public static final int ATTRIBUTE_FLOAT = 1, ATTRIBUTE_INT = 2, ATTRIBUTE_INTS = 7;

    /** A message under construction: fields are appended in the order they are written. */
    public static class Message {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

        /** Fields written into {@link #out}; CodedOutputStream declares IOException, which a byte array never throws. */
        private interface Fields {
            void writeTo(CodedOutputStream out) throws IOException;
        }

        private Message write(Fields fields) {
            try {
                fields.writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Message string(int field, String value) {
            return write(o -> o.writeString(field, value));
        }

        Message int64(int field, long value) {
            return write(o -> o.writeInt64(field, value));
        }

        Message float32(int field, float value) {
            return write(o -> o.writeFloat(field, value));
        }

        Message bytes(int field, byte[] value) {
            return write(o -> o.writeByteArray(field, value));
        }

        /** A packed repeated int64 field (proto3's default for repeated scalars). */
        Message packedInt64(int field, long[] values) {
            return write(o -> {
                int size = 0;
                for (long v : values) size += CodedOutputStream.computeInt64SizeNoTag(v);
                o.writeTag(field, 2);   // WIRETYPE_LENGTH_DELIMITED
                o.writeUInt32NoTag(size);
                for (long v : values) o.writeInt64NoTag(v);
            });
        }

        Message message(int field, Message value) {
            return bytes(field, value.toByteArray());
        }

        /** The encoding of the fields written so far. */
        public byte[] toByteArray() {
            write(CodedOutputStream::flush);
            return bytes.toByteArray();
        }
    }

    // ------------------------------------------------------------------------------ messages

    /** ModelProto: the file. */
    public static Message model(String producer, String producerVersion, String docString, Message graph,
                                String opsetDomain, long opsetVersion, Map<String, String> metadata) {
        Message m = new Message()
                .int64(1, IR_VERSION)
                .string(2, producer)
                .string(3, producerVersion)
                .string(6, docString)
                .message(7, graph)
                .message(8, new Message().string(1, opsetDomain).int64(2, opsetVersion));
        for (var e : metadata.entrySet()) m.message(14, new Message().string(1, e.getKey()).string(2, e.getValue()));
        return m;
    }

    /** GraphProto: nodes in topological order, initializers, inputs and outputs. */
    public static Message graph(String name, String docString, List<Message> nodes, List<Message> initializers,
                                List<Message> inputs, List<Message> outputs) {
        Message g = new Message();
        for (Message n : nodes) g.message(1, n);
        g.string(2, name);
        for (Message t : initializers) g.message(5, t);
        g.string(10, docString);
        for (Message i : inputs) g.message(11, i);
        for (Message o : outputs) g.message(12, o);
        return g;
    }

    /** NodeProto. */
    public static Message node(String opType, String name, List<String> inputs, List<String> outputs, Message... attributes) {
        Message n = new Message();
        for (String i : inputs) n.string(1, i);
        for (String o : outputs) n.string(2, o);
        n.string(3, name).string(4, opType);
        for (Message a : attributes) n.message(5, a);
        return n;
    }

    /** AttributeProto of type INTS. */
    public static Message ints(String name, long... values) {
        return new Message().string(1, name).packedInt64(8, values).int64(20, ATTRIBUTE_INTS);
    }

    /** AttributeProto of type INT. */
    public static Message intAttribute(String name, long value) {
        return new Message().string(1, name).int64(3, value).int64(20, ATTRIBUTE_INT);
    }

    /** TensorProto of floats (raw_data, little-endian), {@code values} row-major in {@code dims}. */
    public static Message floatTensor(String name, long[] dims, float[] values) {
        checkCount(name, dims, values.length);
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return new Message().packedInt64(1, dims).int64(2, FLOAT).string(8, name).bytes(9, raw.array());
    }

    /** TensorProto of int64s (raw_data, little-endian). */
    public static Message int64Tensor(String name, long[] dims, long[] values) {
        checkCount(name, dims, values.length);
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return new Message().packedInt64(1, dims).int64(2, INT64).string(8, name).bytes(9, raw.array());
    }

    private static void checkCount(String name, long[] dims, int count) {
        long n = 1;
        for (long d : dims) n *= d;
        if (n != count) throw new IllegalArgumentException("tensor " + name + " of shape " + java.util.Arrays.toString(dims) + " needs " + n + " values, not " + count);
    }

    /**
     * ValueInfoProto of a float tensor; each dimension is a {@code Long} (fixed size) or a {@code String}
     * (a symbolic, dynamic dimension: dim_param).
     */
    public static Message floatValueInfo(String name, List<Object> dims) {
        Message shape = new Message();
        for (Object d : dims) {
            Message dim = new Message();
            if (d instanceof Long v) dim.int64(1, v);
            else if (d instanceof Integer v) dim.int64(1, v);
            else dim.string(2, (String) d);
            shape.message(1, dim);
        }
        Message tensorType = new Message().int64(1, FLOAT).message(2, shape);
        return new Message().string(1, name).message(2, new Message().message(1, tensorType));
    }
}
