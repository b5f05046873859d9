package dev.engram.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code engram export <file>}: streams {@code GET /v1/export} to disk (never held in memory) through a
 * {@code <file>.part} that is renamed when the download is complete; {@code -} writes to stdout.
 */
@Command(name = "export", description = "Export everything of the tenant to FILE, streamed (GET /v1/export); '-' "
        + "writes to stdout. A progress meter goes to stderr when it is a terminal.")
final class ExportCommand extends ApiCommand {

    enum Format { ndjson, json, csv }

    @Parameters(index = "0", paramLabel = "FILE", description = "where to write the export ('-': stdout)")
    String file;

    @Option(names = "--format", paramLabel = "FORMAT", description = "ndjson (default), json or csv (memories only)")
    Format format = Format.ndjson;

    @Option(names = "--embeddings", description = "include the memories' vectors (larger; import then needs no "
            + "re-embedding with the same model)")
    boolean embeddings;

    @Option(names = "--force", description = "overwrite FILE if it exists")
    boolean force;

    @Option(names = "--progress", negatable = true, description = "show (or hide) the progress meter; default: shown "
            + "when stderr is a terminal")
    Boolean progress;

    @Override
    int execute(EngramClient client) throws IOException {
        boolean toStdout = "-".equals(file);
        Path target = toStdout ? null : Path.of(file);
        if (target != null && Files.exists(target) && !force) {
            throw new CliException(ExitCodes.USAGE, file + " exists; use --force to overwrite it");
        }
        if (target != null && Files.isDirectory(target)) {
            throw new CliException(ExitCodes.USAGE, file + " is a directory");
        }
        Path directory = target == null ? null : target.toAbsolutePath().getParent();
        if (directory != null && !Files.isWritable(directory)) {
            throw new CliException(ExitCodes.USAGE, "cannot write to " + directory + " (missing or not writable)");
        }
        EngramClient.Streamed response = client.stream("/v1/export", new EngramClient.Query()
                .with("format", format.name()).with("embeddings", embeddings), root.explicitTimeout());
        long total = response.compressed() ? -1 : response.headers().firstValueAsLong("Content-Length").orElse(-1);
        Progress meter = new Progress(root.io().err(), progress != null ? progress : root.io().stderrTerminal(),
                "exporting", total, System::nanoTime);
        Path part = target == null ? null : target.resolveSibling(target.getFileName() + ".part");
        String where = target == null ? "stdout" : file;
        Transfer.Tail tail = new Transfer.Tail();
        long bytes;
        try (Transfer.CountingInputStream in = new Transfer.CountingInputStream(response.body(), meter,
                format == Format.ndjson)) {
            if (target == null) {
                root.io().out().flush();
                OutputStream stdout = root.io().stdout();
                bytes = copy(in, new LocalOutput(stdout), tail);
                if (stdout instanceof PrintStream print && print.checkError()) { // a PrintStream keeps its errors
                    throw new LocalWriteFailure(new IOException("closed, or the disk behind it is full"));
                }
            } else {
                try (OutputStream out = new LocalOutput(Files.newOutputStream(part))) {
                    bytes = copy(in, out, tail);
                }
            }
        } catch (LocalWriteFailure e) {
            meter.abort();
            deleteQuietly(part);
            throw new CliException(ExitCodes.PROBLEM, "cannot write " + where + ": " + e.getCause().getMessage());
        } catch (IOException e) {
            meter.abort();
            deleteQuietly(part);
            throw new CliException(ExitCodes.UNREACHABLE, "the export from " + client.base() + " broke off: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + (part == null ? "" : " (nothing written to " + file + ")"));
        }
        meter.finish();
        JsonNode counts = counts(tail);
        if (format != Format.csv && counts == null) {
            deleteQuietly(part);
            throw new CliException(ExitCodes.PROBLEM, "the export ended without its "
                    + (format == Format.ndjson ? "footer line" : "counts") + ": incomplete"
                    + (part == null ? " (written to stdout as received)" : ", nothing written to " + file));
        }
        if (target == null) {
            return ExitCodes.OK;
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        ObjectNode summary = EngramClient.JSON.createObjectNode();
        summary.put("file", target.toString());
        summary.put("format", format.name());
        summary.put("bytes", bytes);
        summary.set("counts", counts);
        if (root.json()) {
            root.printJson(summary.toString());
        } else {
            root.print(render(summary));
        }
        return ExitCodes.OK;
    }

    String render(JsonNode summary) {
        StringBuilder sb = new StringBuilder("Exported " + Fmt.bytes(summary.path("bytes").asLong()) + " ("
                + summary.path("format").asText() + ") to " + summary.path("file").asText() + "\n");
        Table t = table("KIND", "RECORDS").right(1);
        summary.path("counts").fields().forEachRemaining(e -> t.row(e.getKey(), Fmt.count(e.getValue())));
        StatsCommand.section(sb, t);
        return sb.toString();
    }

    private static long copy(InputStream in, OutputStream out, Transfer.Tail tail) throws IOException {
        byte[] buf = new byte[Transfer.BUFFER];
        long n = 0;
        for (int r; (r = in.read(buf)) >= 0; ) {
            out.write(buf, 0, r);
            tail.add(buf, 0, r);
            n += r;
        }
        out.flush();
        return n;
    }

    /** The footer's counts: NDJSON's last line {@code {"kind":"footer","counts":{…}}}, JSON's final "counts". */
    private JsonNode counts(Transfer.Tail tail) {
        if (format == Format.ndjson) {
            String last = tail.lastLine();
            if (last == null) {
                return null;
            }
            try {
                JsonNode footer = EngramClient.JSON.readTree(last);
                return "footer".equals(footer.path("kind").asText()) && footer.path("counts").isObject()
                        ? footer.path("counts") : null;
            } catch (IOException e) {
                return null;
            }
        }
        if (format == Format.json) {
            String text = tail.text();
            int at = text.lastIndexOf("\"counts\"");
            int brace = at < 0 ? -1 : text.indexOf('{', at);
            if (brace < 0) {
                return null;
            }
            try (JsonParser parser = EngramClient.JSON.createParser(text.substring(brace))) {
                JsonNode counts = EngramClient.JSON.readTree(parser);
                return counts != null && counts.isObject() ? counts : null;
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    /** A failure of the local file, not of the connection. */
    private static final class LocalWriteFailure extends IOException {
        LocalWriteFailure(IOException cause) {
            super(cause);
        }
    }

    /** Tells write failures of the file apart from read failures of the download. */
    private static final class LocalOutput extends FilterOutputStream {
        LocalOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new LocalWriteFailure(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw new LocalWriteFailure(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                throw new LocalWriteFailure(e);
            }
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // best effort: the .part file is named after the target
            }
        }
    }
}
