package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pulse.PulseServer;
import io.pulse.TaskType;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A server that writes back each read with {@code conn.write(msg)} returns exactly the bytes a JDK client sent. */
abstract class EchoSuite extends PulseSuite {

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1, 100, 4096, 65536})
  void echoesPayloadOfSize(int size) throws Exception {
    PulseServer s = start(server().callback(RecordingCallback.echo()));
    byte[] payload = Payloads.random(size, size);
    assertArrayEquals(payload, EchoClient.exchange(connect(s), payload, new Random(size)));
  }

  @ParameterizedTest
  @EnumSource(TaskType.class)
  void echoesSixteenMebibytesInRandomChunks(TaskType mode) throws Exception {
    PulseServer s = start(server().taskType(mode).callback(RecordingCallback.echo()));
    byte[] payload = Payloads.random(16 << 20, 16);
    byte[] got = EchoClient.exchange(connect(s), payload, new Random(mode.ordinal()));
    assertEquals(payload.length, got.length);
    assertEquals(Payloads.sha256(payload), Payloads.sha256(got));
  }

  @ParameterizedTest
  @EnumSource(TaskType.class)
  void echoesManySmallRoundTripsOnOneConnection(TaskType mode) throws Exception {
    PulseServer s = start(server().taskType(mode).callback(RecordingCallback.echo()));
    Socket socket = connect(s);
    OutputStream out = socket.getOutputStream();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    for (int i = 0; i < 2_000; i++) { // each round trip needs a fresh read readiness: ET must re-arm every time
      out.write(new byte[] {(byte) (i >> 8), (byte) i});
      assertEquals((short) i, in.readShort(), "round trip " + i);
    }
  }

  @Test
  void echoesThroughATinyReadBufferAndOneReadPerWakeup() throws Exception {
    // 256 KiB through a 13-byte read buffer, one read per readiness: most bytes are read with no new edge, so
    // edge triggering must re-queue the connection itself.
    PulseServer s = start(server().readBufferSize(13).maxReadsPerWakeup(1).callback(RecordingCallback.echo()));
    byte[] payload = Payloads.random(256 * 1024, 13);
    assertArrayEquals(payload, EchoClient.exchange(connect(s), payload, new Random(13)));
  }
}
