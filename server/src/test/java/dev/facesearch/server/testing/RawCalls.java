package dev.facesearch.server.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Calls that send request bytes as they are, so a test can send what no generated client would: a
 * string field that is not UTF-8, a message cut short.
 */
public final class RawCalls {
  private RawCalls() {}

  /** Bytes in, bytes out: what the server gets is exactly what the test wrote. */
  public static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  /** The method with its messages as bytes. */
  public static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> method) {
    return method.toBuilder(BYTES, BYTES).build();
  }

  /**
   * Sends these bytes as the request of a unary method, with a 30 s deadline, and returns the
   * response's bytes; throws the status as a StatusRuntimeException if the call fails.
   */
  public static byte[] unary(Channel channel, MethodDescriptor<?, ?> method, byte[] request) {
    return ClientCalls.blockingUnaryCall(
        channel, raw(method), CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), request);
  }

  /** A length-delimited field with these bytes, as a string or an embedded message is written. */
  public static byte[] field(int number, byte[] bytes) {
    return UnknownFieldSet.newBuilder()
        .addField(
            number,
            UnknownFieldSet.Field.newBuilder()
                .addLengthDelimited(ByteString.copyFrom(bytes))
                .build())
        .build()
        .toByteArray();
  }

  /** Bytes that are not UTF-8: a two-byte sequence whose second byte is not a continuation. */
  public static byte[] notUtf8(String before) {
    byte[] start = before.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = Arrays.copyOf(start, start.length + 2);
    bytes[start.length] = (byte) 0xC3;
    bytes[start.length + 1] = (byte) 0x28;
    return bytes;
  }

  /** The parts one after the other; for protobuf, the fields of both messages, merged. */
  public static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  /** The message without its last byte: its last field ends before its declared length. */
  public static byte[] truncated(byte[] message) {
    return Arrays.copyOf(message, message.length - 1);
  }
}
