package dev.resilience.cli;

import dev.resilience.Repository;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "init", description = "Create a new repository (the location must be empty).")
final class InitCommand implements Callable<Integer> {
  @ParentCommand ResilienceCli cli;

  @Override
  public Integer call() {
    RepositoryAccess access = cli.access();
    try (Repository repo = access.init()) {
      if (cli.json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message_type", "initialized");
        m.put("id", repo.id());
        m.put("repository", access.location().display());
        cli.printJson(m);
      } else {
        cli.say("created resilience repository " + repo.id() + " at " + access.location().display());
        cli.say("");
        cli.say("Please note that knowledge of your password is required to access");
        cli.say("the repository. Losing your password means that your data is");
        cli.say("irrecoverably lost.");
      }
    }
    return ExitCodes.OK;
  }
}
