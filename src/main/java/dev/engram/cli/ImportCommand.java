package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeSet;

/**
 * {@code engram import <file>}: streams the file to {@code POST /v1/import} (never held in memory; {@code -} reads
 * stdin) and prints the server's report. Exits 1 when the server rejected any record.
 */
@Command(name = "import", description = "Import an export (NDJSON or JSON) from FILE, streamed (POST /v1/import); '-' "
        + "reads stdin. Records that exist already are skipped, so importing twice changes nothing. Exits 1 when "
        + "records were rejected.")
final class ImportCommand extends ApiCommand {

    enum Format { ndjson, json }

    /** How many rejected records the table lists; the count covers all. */
    static final int LISTED_REJECTS = 20;

    @Parameters(index = "0", paramLabel = "FILE", description = "the export to import ('-': stdin)")
    String file;

    @Option(names = "--format", paramLabel = "FORMAT", description = "ndjson or json (default: json for *.json, "
            + "else ndjson)")
    Format format;

    @Option(names = "--dry-run", description = "check and count everything, store nothing")
    boolean dryRun;

    @Option(names = "--progress", negatable = true, description = "show (or hide) the progress meter; default: shown "
            + "when stderr is a terminal")
    Boolean progress;

    @Override
    int execute(EngramClient client) throws IOException {
        boolean fromStdin = "-".equals(file);
        Path source = fromStdin ? null : Path.of(file);
        if (source != null && !Files.isRegularFile(source)) {
            throw new CliException(ExitCodes.USAGE, file + " is not a readable file");
        }
        Format effective = format != null ? format
                : source != null && source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                ? Format.json : Format.ndjson;
        long size = source == null ? -1 : Files.size(source);
        Progress meter = new Progress(root.io().err(), progress != null ? progress : root.io().stderrTerminal(),
                "importing", size, System::nanoTime);
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() ->
                new Transfer.CountingInputStream(open(source), meter, effective == Format.ndjson));
        HttpRequest.BodyPublisher body = size >= 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, size) : stream;
        String contentType = effective == Format.json ? "application/json" : "application/x-ndjson";
        EngramClient.Reply reply;
        try {
            reply = client.upload("/v1/import", new EngramClient.Query().with("dryRun", dryRun ? true : null),
                    contentType, body, root.explicitTimeout());
        } catch (CliException e) {
            meter.abort();
            throw e;
        }
        meter.finish();
        JsonNode report = reply.json();
        if (root.json()) {
            root.printJson(reply.body());
        } else {
            root.print(render(report));
        }
        return rejected(report) > 0 ? ExitCodes.PROBLEM : ExitCodes.OK;
    }

    private InputStream open(Path source) {
        if (source == null) {
            return root.io().stdin();
        }
        try {
            return Files.newInputStream(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rejected records: the listed ones, or the server's total when it caps the list and counts the rest. */
    static long rejected(JsonNode report) {
        long listed = report.path("rejected").size();
        long counted = 0;
        for (String name : new String[] {"rejectedCount", "rejectedTotal", "totalRejected"}) {
            counted = Math.max(counted, report.path(name).asLong(0));
        }
        return Math.max(listed, counted);
    }

    String render(JsonNode report) {
        StringBuilder sb = new StringBuilder();
        if (report.path("dryRun").asBoolean(false)) {
            sb.append("Dry run: nothing was stored.\n");
        }
        TreeSet<String> kinds = new TreeSet<>();
        report.path("created").fieldNames().forEachRemaining(kinds::add);
        report.path("skipped").fieldNames().forEachRemaining(kinds::add);
        Table counts = table("KIND", "CREATED", "SKIPPED").right(1, 2);
        kinds.forEach(k -> counts.row(k, Fmt.count(report.path("created").path(k).asLong(0)),
                Fmt.count(report.path("skipped").path(k).asLong(0))));
        if (!counts.isEmpty()) {
            sb.append(counts.render()).append('\n');
        }
        long rejected = rejected(report);
        sb.append(new Fields()
                .add("Re-embedded", Fmt.count(report.path("reembedded").asLong(0)))
                .add("Rejected", Fmt.count(rejected))
                .add("Took", Fmt.millis(report.path("tookMillis").asLong(0)))
                .render());
        Table rejects = table("LINE", "KIND", "ID", "REASON").right(0).maxWidth(3, 80);
        int listed = 0;
        for (JsonNode r : report.path("rejected")) {
            if (listed++ == LISTED_REJECTS) {
                break;
            }
            rejects.row(Fmt.text(r.path("line")), Fmt.text(r.path("kind")), Fmt.text(r.path("id")),
                    Fmt.text(r.path("reason")));
        }
        StatsCommand.section(sb, rejects);
        if (rejected > rejects.size()) {
            sb.append("(").append(Fmt.count(rejected - rejects.size())).append(" more rejected records not listed; "
                    + "--json shows what the server sent)\n");
        }
        return sb.toString();
    }
}
