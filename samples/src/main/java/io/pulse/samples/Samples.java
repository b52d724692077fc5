package io.pulse.samples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The samples jar's entry point: {@code java -jar pulse-samples.jar NAME [options]}; {@code --help} lists them. */
@Command(
    name = "pulse-samples",
    mixinStandardHelpOptions = true,
    version = "Pulse samples 0.1.0",
    description = "Small runnable Pulse programs. Run one with: java -jar pulse-samples.jar NAME --port P",
    subcommands = {EchoSample.class, EchoClientSample.class, ProxySample.class, TlvSample.class, RouterSample.class,
        CoreEchoSample.class, TlsEchoSample.class,
        UdpEchoSample.class, UdsEchoSample.class,
        RedisSample.class,
        HttpSample.class, WsChatSample.class,
        KotlinSamples.Echo.class,
        KotlinSamples.Chat.class,
        KotlinSamples.Http.class})
public final class Samples implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new Samples()).setUsageHelpWidth(120);
    cl.getCommandSpec().usageMessage().footer(optionsFooter(cl));
    System.exit(cl.execute(args));
  }

  /** The help's last part: each sample with its options (NAME --help explains them). */
  static String optionsFooter(CommandLine cl) {
    StringBuilder sb = new StringBuilder("%nOptions of each sample (NAME --help says what they do):%n");
    cl.getSubcommands().forEach((name, sub) -> {
      StringBuilder line = new StringBuilder("  ").append(String.format("%-12s", name));
      for (CommandLine.Model.OptionSpec o : sub.getCommandSpec().options()) {
        if (o.usageHelp() || o.versionHelp()) continue;
        if (line.length() - line.lastIndexOf("%n") + o.longestName().length() > 100) line.append("%n").append(" ".repeat(14));
        line.append(' ').append(o.longestName());
      }
      sb.append(line).append("%n");
    });
    return sb.toString();
  }
}
