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
        CoreEchoSample.class,
        HttpSample.class, WsChatSample.class,
        KotlinSamples.Echo.class,
        KotlinSamples.Chat.class})
public final class Samples implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Samples()).execute(args));
  }
}
