package dev.engram.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The content codings (RFC 9110 §8.4) a request body may carry: {@code gzip} ({@code x-gzip}) and {@code deflate}, or
 * none ({@code identity}). Anything else is {@code 415 unsupported-media-type} ({@link RequestGuard}); a supported
 * coding is decoded as the body is read, within the body limits ({@link BoundedBody}).
 */
public final class ContentCodings {

    /** For the {@code Accept-Encoding} header of a 415 (RFC 9110 §12.5.3) and for problem details. */
    public static final String SUPPORTED = "gzip, deflate";

    public static final String GZIP = "gzip";
    public static final String DEFLATE = "deflate";

    private ContentCodings() {
    }

    /**
     * The one coding to undo for a {@code Content-Encoding} header: null for none (absent, empty or only
     * {@code identity}), {@link #GZIP} or {@link #DEFLATE}.
     *
     * @throws IllegalArgumentException naming what is not supported: an unknown coding, or more than one
     */
    public static String of(String header) {
        if (header == null) {
            return null;
        }
        List<String> codings = new ArrayList<>();
        for (String token : header.split(",")) {
            String coding = token.trim().toLowerCase(Locale.ROOT);
            if (coding.isEmpty() || coding.equals("identity")) {
                continue;
            }
            switch (coding) {
                case "gzip", "x-gzip" -> codings.add(GZIP);
                case DEFLATE -> codings.add(DEFLATE);
                default -> throw new IllegalArgumentException("The request body's Content-Encoding '" + printable(coding)
                        + "' is not supported: send the body uncompressed or as " + SUPPORTED.replace(", ", " or "));
            }
        }
        if (codings.size() > 1) {
            throw new IllegalArgumentException("The request body's Content-Encoding '" + printable(header.trim())
                    + "' applies more than one coding: compress the body once, as " + SUPPORTED.replace(", ", " or "));
        }
        return codings.isEmpty() ? null : codings.get(0);
    }

    private static String printable(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
    }
}
