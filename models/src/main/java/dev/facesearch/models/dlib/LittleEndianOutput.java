package dev.facesearch.models.dlib;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Writes little-endian int32 and float32 values to a stream through one buffer, keeping a CRC32C of
 * every byte written so that the file can end with it. Not thread-safe; the caller closes the
 * stream.
 */
final class LittleEndianOutput {
  private final OutputStream out;
  private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C crc = new CRC32C();
  private long written;

  LittleEndianOutput(OutputStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  void writeBytes(byte[] bytes) throws IOException {
    for (byte b : bytes) {
      room(1);
      buffer.put(b);
    }
  }

  void writeInt(int value) throws IOException {
    room(4);
    buffer.putInt(value);
  }

  void writeFloat(float value) throws IOException {
    room(4);
    buffer.putFloat(value);
  }

  void writeInts(int[] values) throws IOException {
    for (int value : values) {
      writeInt(value);
    }
  }

  void writeFloats(float[] values) throws IOException {
    for (float value : values) {
      writeFloat(value);
    }
  }

  /** Writes the CRC32C of everything before it as an int32 and flushes the stream. */
  void finishWithChecksum() throws IOException {
    drain();
    int checksum = (int) crc.getValue();
    writeInt(checksum);
    drain();
    out.flush();
  }

  /** Bytes written so far, buffered or not. */
  long written() {
    return written + buffer.position();
  }

  private void room(int bytes) throws IOException {
    if (buffer.remaining() < bytes) {
      drain();
    }
  }

  private void drain() throws IOException {
    crc.update(buffer.array(), 0, buffer.position());
    out.write(buffer.array(), 0, buffer.position());
    written += buffer.position();
    buffer.clear();
  }
}
