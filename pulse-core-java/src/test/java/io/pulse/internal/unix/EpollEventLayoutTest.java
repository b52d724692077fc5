package io.pulse.internal.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Structure;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpollEventLayoutTest {

  /** struct epoll_event as a C compiler lays it out with the given alignment rule. */
  public static class CEvent extends Structure {
    public int events;
    public long data;

    public CEvent(int alignType) {
      super(alignType);
    }

    int dataOffset() {
      return fieldOffset("data");
    }

    @Override
    protected List<String> getFieldOrder() {
      return List.of("events", "data");
    }
  }

  @Test
  void x8664IsPackedTwelveBytesWithDataAtFour() {
    EpollEventLayout l = EpollEventLayout.forArch("amd64");
    CEvent packed = new CEvent(Structure.ALIGN_NONE);
    assertEquals(packed.size(), l.size);
    assertEquals(packed.dataOffset(), l.dataOffset);
    assertEquals(12, l.size);
    assertEquals(4, l.dataOffset);
    assertEquals(l.size, EpollEventLayout.forArch("x86_64").size);
  }

  @Test
  void aarch64IsNaturallyAlignedSixteenBytesWithDataAtEight() {
    EpollEventLayout l = EpollEventLayout.forArch("aarch64");
    CEvent aligned = new CEvent(Structure.ALIGN_GNUC);
    assertEquals(aligned.size(), l.size);
    assertEquals(aligned.dataOffset(), l.dataOffset);
    assertEquals(16, l.size);
    assertEquals(8, l.dataOffset);
  }

  @Test
  void nativeLayoutMatchesWhatTheKernelWrites() {
    assumeTrue(Platform.isLinux() && Platform.is64Bit());
    EpollEventLayout l = EpollEventLayout.NATIVE;
    int epfd = LinuxNative.epoll_create1(0);
    int efd = LinuxNative.eventfd(1, 0); // readable at once
    try {
      ByteBuffer ctl = DirectBuffers.allocate(16);
      ctl.putInt(0, 0x1); // EPOLLIN
      ctl.putLong(l.dataOffset, 0x1234_5678_9abcL);
      assertEquals(0, LinuxNative.epoll_ctl(epfd, 1, efd, DirectBuffers.address(ctl)), "epoll_ctl");
      ByteBuffer events = DirectBuffers.allocate(4 * l.size);
      for (int i = 0; i < events.capacity(); i++) events.put(i, (byte) 0x55);
      assertEquals(1, LinuxNative.epoll_wait(epfd, DirectBuffers.address(events), 4, 1000));
      assertEquals(0x1, events.getInt(0) & 0x1);
      assertEquals(0x1234_5678_9abcL, events.getLong(l.dataOffset));
      assertEquals((byte) 0x55, events.get(l.size), "the kernel wrote past the first event");
    } finally {
      LibC.close(efd);
      LibC.close(epfd);
    }
  }
}
