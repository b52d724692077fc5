package io.pulse.internal.datagram;

import io.pulse.DatagramCallback;
import io.pulse.Transport;
import io.pulse.TriggerType;
import io.pulse.internal.net.SocketOptions;
import java.net.NetworkInterface;

/** A UDP endpoint builder's settings, copied at bind time. */
public final class DatagramOptions {
  public DatagramCallback callback;
  public int loops = 1;
  public boolean reusePort;
  public Transport transport = Transport.AUTO;
  public TriggerType triggerType = TriggerType.LEVEL;
  public int maxDatagramSize = 2048;
  public int maxQueued = 1024;
  public int maxReads = 64;
  public SocketOptions socketOptions = SocketOptions.DEFAULTS;
  public NetworkInterface multicastInterface;
  public boolean multicastLoopback = true;
  public boolean multicastSet;
  /** Non-null: run on this server's loops instead of new ones. */
  public io.pulse.PulseServer host;

  public DatagramOptions copy() {
    DatagramOptions c = new DatagramOptions();
    c.callback = callback;
    c.loops = loops;
    c.reusePort = reusePort;
    c.transport = transport;
    c.triggerType = triggerType;
    c.maxDatagramSize = maxDatagramSize;
    c.maxQueued = maxQueued;
    c.maxReads = maxReads;
    c.socketOptions = socketOptions;
    c.multicastInterface = multicastInterface;
    c.multicastLoopback = multicastLoopback;
    c.multicastSet = multicastSet;
    c.host = host;
    return c;
  }
}
