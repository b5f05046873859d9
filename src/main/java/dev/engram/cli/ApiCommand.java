package dev.engram.cli;

import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** A subcommand that calls the server: gets the client and the output helpers from {@link EngramCli}. */
abstract class ApiCommand implements Callable<Integer> {

    @ParentCommand
    EngramCli root;

    @Override
    public final Integer call() throws Exception {
        return execute(root.client());
    }

    abstract int execute(EngramClient client) throws Exception;

    /** Prints the raw JSON with --json, else the human text; returns {@link ExitCodes#OK}. */
    int print(EngramClient.Reply reply, java.util.function.Function<com.fasterxml.jackson.databind.JsonNode, String> human) {
        if (root.json()) {
            root.printJson(reply.body());
        } else {
            root.print(human.apply(reply.json()));
        }
        return ExitCodes.OK;
    }

    Table table(String... headers) {
        return Table.of(headers).unlimited(root.wide());
    }
}
