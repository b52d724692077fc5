package io.pulse.internal.server;

import io.pulse.Conn;
import io.pulse.ConnManager;
import io.pulse.codec.Codec;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ConnManager} over a server's {@link OpenConns}: named groups, cleaned up as connections close. */
final class NamedGroups implements ConnManager {
  private final OpenConns conns;
  private final Codec<Object> codec;
  private final ConcurrentHashMap<String, Set<ConnImpl>> groups = new ConcurrentHashMap<>();

  NamedGroups(OpenConns conns, Codec<Object> codec) {
    this.conns = conns;
    this.codec = codec;
    conns.onRemoved(this::left);
  }

  @Override public Conn find(long id) { return conns.find(id); }

  @Override public int count() { return conns.size(); }

  @Override
  public void forEach(java.util.function.Consumer<? super Conn> action) {
    java.util.Objects.requireNonNull(action, "action");
    for (ConnImpl c : conns.snapshot()) action.accept(c);
  }

  @Override
  public void join(String group, Conn conn) {
    ConnImpl c = (ConnImpl) conn;
    groups.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(c);
    c.joined(group);
    if (!c.isOpen() && conns.find(c.id()) == null) leave(group, c); // closed meanwhile: don't keep it
  }

  @Override
  public void leave(String group, Conn conn) {
    groups.computeIfPresent(group, (g, set) -> {
      set.remove((ConnImpl) conn);
      return set.isEmpty() ? null : set;
    });
  }

  /** A closed connection leaves all its groups. */
  private void left(ConnImpl c) {
    for (String g : c.groupNames()) leave(g, c);
  }

  @Override
  public Set<Conn> members(String group) {
    Set<ConnImpl> set = groups.get(group);
    return set == null ? Set.of() : Set.copyOf(set);
  }

  @Override
  public int broadcast(Object msg) {
    return send(conns.snapshot(), msg);
  }

  @Override
  public int broadcast(String group, Object msg) {
    Set<ConnImpl> set = groups.get(group);
    return set == null ? 0 : send(set, msg);
  }

  private int send(Collection<ConnImpl> to, Object msg) {
    ByteBuffer bytes = encode(msg);
    int n = 0;
    for (ConnImpl c : to) if (c.write(bytes.duplicate())) n++;
    return n;
  }

  private ByteBuffer encode(Object msg) {
    if (msg instanceof ByteBuffer && codec == null) return ((ByteBuffer) msg).duplicate();
    if (msg instanceof byte[] && codec == null) return ByteBuffer.wrap((byte[]) msg);
    if (codec == null) throw new IllegalArgumentException("no codec to encode a " + msg.getClass().getName());
    return codec.encode(msg);
  }
}
