package dev.facesearch.models.openface;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Torch7's binary serialisation ({@code torch.save} in its default binary mode) into plain
 * Java values, without running any Lua.
 *
 * <p>The format (torch7 {@code File.lua} and {@code generic/Tensor.c}, {@code generic/Storage.c}):
 * every value starts with an int32 type tag: 0 nil; 1 number (float64); 2 string (int32 length,
 * bytes); 5 boolean (int32, 1 is true); 3 table and 4 Torch object, each followed by an int32
 * reference index: an index seen before means the same object again (shared tensors, modules
 * referenced twice), otherwise the object follows. A table is an int32 count of key-value pairs,
 * each pair two values. A Torch object is a version string {@code "V <n>"} (absent in files older
 * than versioning: the string is then the class name) and its class name, then its payload: a
 * tensor is int32 dimensions, the sizes and strides as longs, the 1-based storage offset as a long,
 * and its storage as a value (or nil); a storage is a long element count and the raw elements; any
 * other class (an nn module) is the table of its fields. Functions (6, 7 and 8: Lua bytecode and
 * upvalues) are skipped and read as {@link LuaFunction}. Numbers are little-endian, as written on
 * x86; longs are 8 bytes, as written on 64-bit Linux and macOS.
 */
public final class Torch7Reader {
  private static final int TYPE_NIL = 0;
  private static final int TYPE_NUMBER = 1;
  private static final int TYPE_STRING = 2;
  private static final int TYPE_TABLE = 3;
  private static final int TYPE_TORCH = 4;
  private static final int TYPE_BOOLEAN = 5;
  private static final int TYPE_FUNCTION = 6;
  private static final int TYPE_LEGACY_RECUR_FUNCTION = 7;
  private static final int TYPE_RECUR_FUNCTION = 8;

  /** A Lua table: string keys, or {@code Double} keys for list entries. */
  public static final class LuaTable {
    private final Map<Object, Object> entries = new LinkedHashMap<>();

    public Object get(String key) {
      return entries.get(key);
    }

    /** The entry at a list index (Lua lists start at 1). */
    public Object get(int index) {
      return entries.get((double) index);
    }

    /** The list part: entries 1, 2, ... up to the first missing one. */
    public List<Object> list() {
      List<Object> list = new ArrayList<>();
      for (int i = 1; entries.containsKey((double) i); i++) {
        list.add(entries.get((double) i));
      }
      return list;
    }

    public Set<Object> keys() {
      return Collections.unmodifiableSet(entries.keySet());
    }

    void put(Object key, Object value) {
      entries.put(key, value);
    }
  }

  /**
   * An instance of a Torch class that is not a tensor or storage, such as an nn module.
   *
   * @param className e.g. {@code nn.SpatialConvolutionMM}
   * @param version the class version written with it (0 when none was)
   * @param fields its fields
   */
  public record TorchObject(String className, int version, LuaTable fields) {
    /** The class name without its package, e.g. {@code SpatialConvolutionMM}. */
    public String simpleName() {
      return className.substring(className.lastIndexOf('.') + 1);
    }

    public Object get(String field) {
      return fields.get(field);
    }
  }

  /**
   * A storage: a flat array of elements, here widened to double whatever their type.
   *
   * @param className e.g. {@code torch.FloatStorage}
   */
  public record Storage(String className, double[] values) {}

  /**
   * A tensor: a strided view of a storage.
   *
   * @param className e.g. {@code torch.FloatTensor}
   * @param offset 0-based offset into the storage of the first element
   * @param storage null for an empty tensor
   */
  public record Tensor(String className, long[] size, long[] stride, long offset, Storage storage) {
    public long elements() {
      long n = size.length == 0 ? 0 : 1;
      for (long d : size) {
        n *= d;
      }
      return n;
    }

    /** The elements in row-major order, following the strides from the offset. */
    public float[] toFloats() {
      int count = Math.toIntExact(elements());
      float[] out = new float[count];
      if (count == 0) {
        return out;
      }
      int rank = size.length;
      long[] index = new long[rank];
      for (int flat = 0; flat < count; flat++) {
        long at = offset;
        for (int i = 0; i < rank; i++) {
          at += index[i] * stride[i];
        }
        out[flat] = (float) storage.values()[Math.toIntExact(at)];
        for (int i = rank - 1; i >= 0; i--) {
          if (++index[i] < size[i]) {
            break;
          }
          index[i] = 0;
        }
      }
      return out;
    }
  }

  /** A serialised Lua function, skipped. */
  public record LuaFunction() {}

  private final ByteBuffer in;
  private final Map<Integer, Object> objects = new HashMap<>();

  private Torch7Reader(byte[] bytes) {
    this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Reads the one object of a file written by {@code torch.save}. */
  public static Object read(byte[] bytes) throws IOException {
    Torch7Reader reader = new Torch7Reader(bytes);
    try {
      Object root = reader.readObject();
      if (reader.in.hasRemaining()) {
        throw new IOException(reader.in.remaining() + " bytes after the object");
      }
      return root;
    } catch (BufferUnderflowException e) {
      throw new IOException("file ends in the middle of an object", e);
    } catch (RuntimeException e) {
      throw new IOException("not a Torch7 binary file: " + e.getMessage(), e);
    }
  }

  private Object readObject() throws IOException {
    int type = in.getInt();
    switch (type) {
      case TYPE_NIL:
        return null;
      case TYPE_NUMBER:
        return in.getDouble();
      case TYPE_STRING:
        return readString();
      case TYPE_BOOLEAN:
        return in.getInt() == 1;
      case TYPE_FUNCTION:
        skipFunction();
        return new LuaFunction();
      case TYPE_TABLE:
      case TYPE_TORCH:
      case TYPE_LEGACY_RECUR_FUNCTION:
      case TYPE_RECUR_FUNCTION:
        int index = in.getInt();
        if (objects.containsKey(index)) {
          return objects.get(index);
        }
        return switch (type) {
          case TYPE_TABLE -> readTable(index);
          case TYPE_TORCH -> readTorch(index);
          default -> {
            LuaFunction function = new LuaFunction();
            objects.put(index, function);
            skipFunction();
            yield function;
          }
        };
      default:
        throw new IOException(
            "unknown type tag " + type + " at byte " + (in.position() - 4) + "; not a binary .t7?");
    }
  }

  private void skipFunction() throws IOException {
    int size = checkedLength(in.getInt());
    in.position(in.position() + size);
    readObject(); // the upvalues
  }

  private String readString() throws IOException {
    byte[] bytes = new byte[checkedLength(in.getInt())];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private int checkedLength(long length) throws IOException {
    if (length < 0 || length > in.remaining()) {
      throw new IOException("length " + length + " at byte " + in.position() + " is past the end");
    }
    return (int) length;
  }

  private LuaTable readTable(int index) throws IOException {
    LuaTable table = new LuaTable();
    objects.put(index, table);
    int size = checkedLength(in.getInt());
    for (int i = 0; i < size; i++) {
      Object key = readObject();
      Object value = readObject();
      table.put(key, value);
    }
    return table;
  }

  private Object readTorch(int index) throws IOException {
    String version = readString();
    int versionNumber = 0;
    String className;
    if (version.startsWith("V ")) {
      versionNumber = (int) Double.parseDouble(version.substring(2).trim());
      className = readString();
    } else {
      className = version;
    }
    Object object;
    if (className.endsWith("Tensor")) {
      object = readTensor(className);
    } else if (className.endsWith("Storage")) {
      object = readStorage(className);
    } else {
      LuaTable fields = new LuaTable();
      TorchObject torchObject = new TorchObject(className, versionNumber, fields);
      objects.put(index, torchObject);
      Object read = readObject();
      if (read instanceof LuaTable table) {
        table.entries.forEach(fields::put);
      } else if (read != null) {
        throw new IOException(className + ": fields are not a table but " + read);
      }
      return torchObject;
    }
    objects.put(index, object);
    return object;
  }

  private Tensor readTensor(String className) throws IOException {
    int rank = in.getInt();
    if (rank < 0 || rank > 64) {
      throw new IOException(className + ": " + rank + " dimensions");
    }
    long[] size = new long[rank];
    long[] stride = new long[rank];
    for (int i = 0; i < rank; i++) {
      size[i] = in.getLong();
    }
    for (int i = 0; i < rank; i++) {
      stride[i] = in.getLong();
    }
    long offset = in.getLong() - 1;
    Object storage = readObject();
    if (storage != null && !(storage instanceof Storage)) {
      throw new IOException(className + ": storage is " + storage);
    }
    Tensor tensor = new Tensor(className, size, stride, offset, (Storage) storage);
    checkBounds(tensor);
    return tensor;
  }

  private static void checkBounds(Tensor tensor) throws IOException {
    if (tensor.elements() == 0) {
      return;
    }
    long last = tensor.offset();
    for (int i = 0; i < tensor.size().length; i++) {
      if (tensor.size()[i] < 0 || tensor.stride()[i] < 0) {
        throw new IOException(tensor.className() + ": negative size or stride");
      }
      last += (tensor.size()[i] - 1) * tensor.stride()[i];
    }
    if (tensor.storage() == null
        || tensor.offset() < 0
        || last >= tensor.storage().values().length) {
      throw new IOException(tensor.className() + ": view goes past its storage");
    }
  }

  private Storage readStorage(String className) throws IOException {
    long count = in.getLong();
    String type = className.substring(className.lastIndexOf('.') + 1).replace("Cuda", "");
    int width =
        switch (type) {
          case "ByteStorage", "CharStorage" -> 1;
          case "ShortStorage", "HalfStorage" -> 2;
          case "IntStorage", "FloatStorage", "Storage" -> 4;
          case "LongStorage", "DoubleStorage" -> 8;
          default -> throw new IOException("unknown storage class " + className);
        };
    if (count < 0 || count > in.remaining() / width) {
      throw new IOException(className + ": " + count + " elements, past the end of the file");
    }
    double[] values = new double[(int) count];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          switch (type) {
            case "ByteStorage" -> Byte.toUnsignedInt(in.get());
            case "CharStorage" -> in.get();
            case "ShortStorage" -> in.getShort();
            case "HalfStorage" -> Float.float16ToFloat(in.getShort());
            case "IntStorage" -> in.getInt();
            case "LongStorage" -> in.getLong();
            case "DoubleStorage" -> in.getDouble();
            default -> in.getFloat(); // FloatStorage, and CudaStorage, which holds floats
          };
    }
    return new Storage(className, values);
  }
}
