package io.pulse.internal.poll;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/** The JDK's Selector as a {@link LoopPoller}: level-triggered only, available everywhere. */
final class NioPoller implements LoopPoller, Consumer<SelectionKey> {
  private final Selector selector;
  private int handled;

  NioPoller() throws IOException {
    selector = Selector.open();
  }

  @Override
  public void register(Pollable p, int interest) throws IOException {
    try {
      p.registration = p.channel.register(selector, ops(p, interest), p);
    } catch (ClosedChannelException e) {
      throw new IOException("register: channel closed", e);
    }
  }

  @Override
  public void modify(Pollable p, int interest) throws IOException {
    SelectionKey key = (SelectionKey) p.registration;
    if (key == null || !key.isValid()) throw new IOException("modify: not registered or cancelled");
    key.interestOps(ops(p, interest));
  }

  @Override
  public void deregister(Pollable p) {
    SelectionKey key = (SelectionKey) p.registration;
    if (key != null) key.cancel();
    p.registration = null;
  }

  private static int ops(Pollable p, int interest) {
    int ops = 0;
    if ((interest & READ) != 0) {
      ops |= p.channel instanceof ServerSocketChannel ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
    }
    if ((interest & WRITE) != 0) {
      boolean connecting = p.channel instanceof SocketChannel && !((SocketChannel) p.channel).isConnected();
      ops |= connecting ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
    }
    return ops;
  }

  @Override
  public int poll(int timeoutMillis) throws IOException {
    handled = 0;
    if (timeoutMillis == 0) selector.selectNow(this);
    else selector.select(this, timeoutMillis < 0 ? 0 : timeoutMillis);
    return handled;
  }

  @Override
  public void accept(SelectionKey key) {
    if (!key.isValid()) return;
    int ops = key.readyOps();
    int r = 0;
    if ((ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) r |= READ;
    if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) r |= WRITE;
    handled++;
    ((Pollable) key.attachment()).onReady(r);
  }

  @Override
  public void wakeup() {
    selector.wakeup();
  }

  @Override
  public boolean isEdgeTriggered() {
    return false;
  }

  @Override
  public void close() throws IOException {
    selector.close();
  }
}
