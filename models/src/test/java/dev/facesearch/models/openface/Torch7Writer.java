package dev.facesearch.models.openface;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes Torch7's binary serialisation, as {@code torch.save} does, for tests of {@link
 * Torch7Reader}: type tags, reference indices for tables and Torch objects written more than once,
 * {@code "V <n>"} versions, and tensors as sizes, strides and 1-based offsets into a storage.
 *
 * <p>Values: null, numbers (as float64), strings, booleans, {@link Table}s, {@link Obj}ects (class
 * instances, written as the table of their fields), {@link T7Tensor}s and {@link T7Storage}s.
 */
final class Torch7Writer {
  /** A Lua table; the same instance written twice becomes a reference. */
  static final class Table {
    final Map<Object, Object> entries = new LinkedHashMap<>();

    Table put(Object key, Object value) {
      entries.put(key instanceof Integer i ? (double) i : key, value);
      return this;
    }

    /** A Lua list: keys 1..n. */
    static Table list(Object... values) {
      Table table = new Table();
      for (int i = 0; i < values.length; i++) {
        table.put(i + 1, values[i]);
      }
      return table;
    }
  }

  /** An instance of a Torch class such as {@code nn.ReLU}. */
  static final class Obj {
    final String className;
    final int version;
    final Table fields = new Table();

    Obj(String className, int version) {
      this.className = className;
      this.version = version;
    }

    Obj set(String field, Object value) {
      fields.put(field, value);
      return this;
    }
  }

  /** A float storage. */
  static final class T7Storage {
    final float[] data;

    T7Storage(float[] data) {
      this.data = data;
    }
  }

  /** A float tensor viewing a storage (offset 0-based here, written 1-based). */
  static final class T7Tensor {
    final long[] size;
    final long[] stride;
    final long offset;
    final T7Storage storage;

    T7Tensor(long[] size, long[] stride, long offset, T7Storage storage) {
      this.size = size;
      this.stride = stride;
      this.offset = offset;
      this.storage = storage;
    }

    /** A contiguous tensor over its own storage. */
    static T7Tensor of(float[] data, long... size) {
      long[] stride = new long[size.length];
      long s = 1;
      for (int i = size.length - 1; i >= 0; i--) {
        stride[i] = s;
        s *= size[i];
      }
      return new T7Tensor(size, stride, 0, new T7Storage(data));
    }

    /** An empty tensor with no storage, as nn modules' cleared buffers are. */
    static T7Tensor empty() {
      return new T7Tensor(new long[0], new long[0], 0, null);
    }
  }

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
  private final Map<Object, Integer> written = new IdentityHashMap<>();

  static byte[] write(Object root) {
    Torch7Writer writer = new Torch7Writer();
    writer.writeObject(root);
    return writer.out.toByteArray();
  }

  private void writeObject(Object value) {
    switch (value) {
      case null -> writeInt(0);
      case Number n -> {
        writeInt(1);
        writeDouble(n.doubleValue());
      }
      case String s -> {
        writeInt(2);
        writeString(s);
      }
      case Boolean b -> {
        writeInt(5);
        writeInt(b ? 1 : 0);
      }
      case Table table -> {
        writeInt(3);
        if (reference(table)) {
          return;
        }
        writeInt(table.entries.size());
        table.entries.forEach((k, v) -> {
          writeObject(k);
          writeObject(v);
        });
      }
      case Obj obj -> {
        writeInt(4);
        if (reference(obj)) {
          return;
        }
        writeString("V " + obj.version);
        writeString(obj.className);
        // torch.save copies the fields into a fresh table, which gets its own index.
        Table copy = new Table();
        copy.entries.putAll(obj.fields.entries);
        writeObject(copy);
      }
      case T7Tensor tensor -> {
        writeInt(4);
        if (reference(tensor)) {
          return;
        }
        writeString("V 1");
        writeString("torch.FloatTensor");
        writeInt(tensor.size.length);
        for (long d : tensor.size) {
          writeLong(d);
        }
        for (long s : tensor.stride) {
          writeLong(s);
        }
        writeLong(tensor.offset + 1);
        writeObject(tensor.storage);
      }
      case T7Storage storage -> {
        writeInt(4);
        if (reference(storage)) {
          return;
        }
        writeString("V 1");
        writeString("torch.FloatStorage");
        writeLong(storage.data.length);
        ByteBuffer floats =
            ByteBuffer.allocate(storage.data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        floats.asFloatBuffer().put(storage.data);
        out.writeBytes(floats.array());
      }
      default -> throw new IllegalArgumentException("cannot write " + value);
    }
  }

  /** Writes the index; true if the object was written before (only the index is then written). */
  private boolean reference(Object object) {
    Integer index = written.get(object);
    if (index != null) {
      writeInt(index);
      return true;
    }
    index = written.size() + 1;
    written.put(object, index);
    writeInt(index);
    return false;
  }

  private void writeString(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    writeInt(bytes.length);
    out.writeBytes(bytes);
  }

  private void writeInt(int v) {
    scratch.clear();
    scratch.putInt(v);
    out.write(scratch.array(), 0, 4);
  }

  private void writeLong(long v) {
    scratch.clear();
    scratch.putLong(v);
    out.write(scratch.array(), 0, 8);
  }

  private void writeDouble(double v) {
    scratch.clear();
    scratch.putDouble(v);
    out.write(scratch.array(), 0, 8);
  }
}
