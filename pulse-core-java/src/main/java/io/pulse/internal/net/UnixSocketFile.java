package io.pulse.internal.net;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file a Unix domain listener binds: before bind a stale socket file (nothing accepts on it) is removed, a
 * live one or a non-socket file is an error naming the path; after close the file is removed if it is still ours.
 */
final class UnixSocketFile {
  private static final Logger log = LoggerFactory.getLogger(UnixSocketFile.class);

  private final Path path;
  private Object fileKey;

  private UnixSocketFile(Path path) {
    this.path = path;
  }

  /** Clears the way for binding {@code address}: removes a stale socket file, refuses a live one. */
  static UnixSocketFile prepare(UnixDomainSocketAddress address) throws IOException {
    Path path = address.getPath();
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return new UnixSocketFile(path);
    }
    if (!a.isOther()) {
      throw new FileAlreadyExistsException(path.toString(), null, "exists and is not a socket; not replacing it");
    }
    if (isLive(address)) {
      throw new java.net.BindException("Unix socket " + path + " is in use: a listener accepts connections on it");
    }
    log.debug("removing stale Unix socket file {}", path);
    Files.deleteIfExists(path);
    return new UnixSocketFile(path);
  }

  /** True if a connect to {@code address} succeeds (something listens); refused or missing means stale. */
  private static boolean isLive(UnixDomainSocketAddress address) {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(address);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Remembers the bound file's identity, so {@link #remove} leaves a file someone else created alone. */
  void bound() {
    try {
      fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    } catch (IOException e) {
      log.debug("cannot stat bound Unix socket {}", path, e);
    }
  }

  /** Deletes the socket file if it is still the one this listener bound. */
  void remove() {
    try {
      Object key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
      if (fileKey == null || fileKey.equals(key)) Files.deleteIfExists(path);
    } catch (java.nio.file.NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      log.warn("could not remove Unix socket file {}", path, e);
    }
  }
}
