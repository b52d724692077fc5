package io.pulse.samples;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/** A sample's own default for {@code --port} (the shared options default to 9000). */
abstract class DefaultPort implements IDefaultValueProvider {
  private final String port;

  DefaultPort(int port) {
    this.port = Integer.toString(port);
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    return arg instanceof OptionSpec && ((OptionSpec) arg).longestName().equals("--port") ? port : null;
  }

  /** 8080 for the http sample. */
  static final class Http extends DefaultPort {
    Http() { super(8080); }
  }

  /** 8081 for the ws-chat sample. */
  static final class WsChat extends DefaultPort {
    WsChat() { super(8081); }
  }
}
