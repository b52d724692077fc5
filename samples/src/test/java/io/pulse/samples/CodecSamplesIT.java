package io.pulse.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The tlv and router samples, from the jar, against plain socket clients. */
class CodecSamplesIT {

  @Test
  void tlvAnswersLikePulsesTlvServerAndClosesOnAnOversizedFrame() throws Exception {
    try (SampleProcess tlv = SampleProcess.start("tlv", "--max-value", "100");
         Socket s = new Socket("127.0.0.1", tlv.port)) {
      s.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      // Bytes as pulse's Go client writes them: [type u16 BE][length u32 BE][value]
      out.write(new byte[] {0, 1, 0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o'});
      assertTlv(in, 1, "Echo: hello");
      out.write(new byte[] {0, 2, 0, 0, 0, 0});
      assertTlv(in, 3, "Pong");
      out.write(new byte[] {0, 42, 0, 0, 0, 1, 'x'});
      assertTlv(in, 999, "Unknown message type");
      out.write(new byte[] {0, 1, 0, 0, 0, 101}); // over --max-value: only this connection closes
      assertEquals(-1, in.read());
      try (Socket other = new Socket("127.0.0.1", tlv.port)) {
        other.setSoTimeout(10_000);
        other.getOutputStream().write(new byte[] {0, 2, 0, 0, 0, 0});
        assertTlv(new DataInputStream(other.getInputStream()), 3, "Pong");
      }
    }
  }

  private static void assertTlv(DataInputStream in, int type, String value) throws Exception {
    assertEquals(type, in.readUnsignedShort());
    byte[] v = new byte[in.readInt()];
    in.readFully(v);
    assertEquals(value, new String(v, StandardCharsets.UTF_8));
  }

  @Test
  void routerBroadcastsToTheRoomAndAnswersPings() throws Exception {
    try (SampleProcess router = SampleProcess.start("router");
         Socket a = new Socket("127.0.0.1", router.port);
         Socket b = new Socket("127.0.0.1", router.port)) {
      a.setSoTimeout(10_000);
      b.setSoTimeout(10_000);
      send(a, RouterSample.JOIN, "lobby");
      send(b, RouterSample.JOIN, "lobby");
      send(b, RouterSample.PING, "p"); // its answer proves b's join was handled
      assertEquals(RouterSample.PONG, receiveId(b));
      send(a, RouterSample.SAY, "hello");
      DataInputStream in = new DataInputStream(b.getInputStream());
      byte[] body = new byte[Integer.reverseBytes(in.readInt())];
      assertEquals(RouterSample.HEARD, Integer.reverseBytes(in.readInt()));
      in.readFully(body);
      assertEquals("hello", new String(body, StandardCharsets.UTF_8));
    }
  }

  private static void send(Socket s, int id, String body) throws Exception {
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    out.writeInt(Integer.reverseBytes(b.length)); // netman: length, then id, little-endian
    out.writeInt(Integer.reverseBytes(id));
    out.write(b);
    out.flush();
  }

  private static int receiveId(Socket s) throws Exception {
    DataInputStream in = new DataInputStream(s.getInputStream());
    byte[] body = new byte[Integer.reverseBytes(in.readInt())];
    int id = Integer.reverseBytes(in.readInt());
    in.readFully(body);
    return id;
  }
}
