package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.PulseServer;
import io.pulse.codec.LineCodec;
import io.pulse.internal.loop.LoopStats;
import io.pulse.internal.server.ServerImpl;
import io.pulse.testing.TestCerts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replies to the messages of one read leave in one write (Netty's flush at channelReadComplete): 100 pipelined
 * lines, 100 replies, a handful of write system calls, with and without TLS.
 */
abstract class WriteBatchingSuite extends PulseSuite {
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void repliesToPipelinedMessagesShareOneWrite(boolean tls) throws Exception {
    PulseServer.Builder<String> b = PulseServer.builder(new LineCodec(1024)).transport(transport()).triggerType(trigger).loops(1).readBufferSize(64 * 1024)
        .callback(Callback.<String>of((c, line) -> c.writeMessage("re " + line)));
    if (tls) b.tls(TestCerts.serverContext());
    PulseServer s = closeLater(b.bind("127.0.0.1", 0));
    Socket socket = closeLater(tls
        ? TestCerts.clientContext().getSocketFactory().createSocket("127.0.0.1", s.port())
        : new Socket("127.0.0.1", s.port()));
    socket.setSoTimeout(10_000);
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    socket.getOutputStream().write("warm\n".getBytes(StandardCharsets.UTF_8)); // handshake done, connection open
    assertEquals("re warm", in.readLine());
    LoopStats stats = ((ServerImpl) s).loops().get(0).stats;
    long writes0 = stats.writes;
    long syscalls0 = stats.socketWrites;
    StringBuilder batch = new StringBuilder();
    for (int i = 0; i < 100; i++) batch.append("line ").append(i).append('\n');
    socket.getOutputStream().write(batch.toString().getBytes(StandardCharsets.UTF_8)); // one segment (one record)
    for (int i = 0; i < 100; i++) assertEquals("re line " + i, in.readLine());
    long writes = stats.writes - writes0;
    long syscalls = stats.socketWrites - syscalls0;
    assertEquals(100, writes);
    assertTrue(syscalls <= 5, syscalls + " write system calls for 100 replies");
  }
}
