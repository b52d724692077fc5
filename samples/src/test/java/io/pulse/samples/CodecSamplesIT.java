package io.pulse.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The tlv and router samples, from the jar, against plain socket clients. */
class CodecSamplesIT {

  @Test
  void tlvEchoesFramesAndClosesOnAnOversizedOne() throws Exception {
    try (SampleProcess tlv = SampleProcess.start("tlv", "--max-value", "100");
         Socket s = new Socket("127.0.0.1", tlv.port)) {
      s.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeByte(7);
      out.writeInt(3);
      out.write(new byte[] {1, 2, 3});
      DataInputStream in = new DataInputStream(s.getInputStream());
      assertEquals(7, in.readUnsignedByte());
      assertEquals(3, in.readInt());
      byte[] v = new byte[3];
      in.readFully(v);
      assertArrayEquals(new byte[] {1, 2, 3}, v);
      out.writeByte(1);
      out.writeInt(1_000_000); // over --max-value
      assertEquals(-1, in.read());
    }
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
      assertEquals(RouterSample.HEARD, in.readInt());
      byte[] body = new byte[in.readInt()];
      in.readFully(body);
      assertEquals("hello", new String(body, StandardCharsets.UTF_8));
    }
  }

  private static void send(Socket s, int id, String body) throws Exception {
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    out.writeInt(id);
    out.writeInt(b.length);
    out.write(b);
    out.flush();
  }

  private static int receiveId(Socket s) throws Exception {
    DataInputStream in = new DataInputStream(s.getInputStream());
    int id = in.readInt();
    in.readFully(new byte[in.readInt()]);
    return id;
  }
}
